package jp.jukinet.sim.scenario;

import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.topology.Topology;

/** Runs a {@code fault} step: applies the fault and leaves {@link ActiveFaults} to heal it. */
final class FaultRunner {
  private final ScenarioNetwork network;
  private final LinkProxies proxies;
  private final ActiveFaults faults;
  private final Topology topology;
  private final SimulatedCalendar calendar;
  private final FailureWatch watch;

  FaultRunner(
      ScenarioNetwork network,
      LinkProxies proxies,
      ActiveFaults faults,
      Topology topology,
      SimulatedCalendar calendar,
      FailureWatch watch) {
    this.network = network;
    this.proxies = proxies;
    this.faults = faults;
    this.topology = topology;
    this.calendar = calendar;
    this.watch = watch;
  }

  void run(FaultStep step) {
    PeerId node = step.target().resolve(topology).id();
    Fault fault =
        switch (step.kind()) {
          case KILL -> new KillFault(network, node);
          case PAUSE -> new PauseFault(network, node);
          case CUT -> new LinkFault(proxies.of(node), FaultProxy.State.CUT, 0);
          case DROP -> new LinkFault(proxies.of(node), FaultProxy.State.DROP, 0);
          case DELAY ->
              new LinkFault(
                  proxies.of(node), FaultProxy.State.DELAY, step.delay().real(calendar).toMillis());
          case SKEW ->
              new SkewFault(
                  network.dir().dataDir(node), node, SkewFault.onCalendar(step.offset(), calendar));
        };
    faults.apply(watch.watch(fault, step, node), step.duration().real(calendar));
  }
}
