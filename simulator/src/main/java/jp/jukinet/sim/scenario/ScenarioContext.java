package jp.jukinet.sim.scenario;

import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.topology.Topology;

/**
 * What a scenario's header says, read before its body is checked: its steps are judged against it
 * (a node must be in the topology, a pause needs process mode, a simulated duration a calendar).
 *
 * @param topology the resolved topology, or null when {@code topologyError} says why not
 * @param calendar the header's calendar (its anchor is when the file was read), or null
 */
public record ScenarioContext(
    Topology topology, String topologyError, Mode mode, SimulatedCalendar calendar) {
  public boolean hasCalendar() {
    return calendar != null;
  }
}
