package jp.jukinet.sim.scenario;

import jp.jukinet.protocol.pki.PeerId;

/** SIGSTOP a node's process; healed by SIGCONT. */
record PauseFault(ScenarioNetwork network, PeerId node) implements Fault {
  @Override
  public String describe() {
    return "pause " + node.name();
  }

  @Override
  public void apply() {
    network.signal(node, true);
  }

  @Override
  public void heal() {
    network.signal(node, false);
  }
}
