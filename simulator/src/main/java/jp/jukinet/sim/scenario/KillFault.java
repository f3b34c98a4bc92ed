package jp.jukinet.sim.scenario;

import jp.jukinet.protocol.pki.PeerId;

/** kill -9 a node; healed by restarting it on its port with its data. */
record KillFault(ScenarioNetwork network, PeerId node) implements Fault {
  @Override
  public String describe() {
    return "kill " + node.name();
  }

  @Override
  public void apply() {
    network.kill(node);
  }

  @Override
  public void heal() {
    network.restart(node);
  }
}
