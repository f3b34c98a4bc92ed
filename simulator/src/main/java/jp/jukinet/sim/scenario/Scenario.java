package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.sim.network.Mode;

/**
 * A scenario file (docs/scenarios.md): the network to run (topology, mode, calendar), the residents
 * to register first, a timeline of steps, the checks to make at the end and the thresholds the
 * run's figures must meet.
 */
public record Scenario(
    @JsonProperty(required = true) String name,
    String description,
    @JsonProperty(required = true) TopologyRef topology,
    String mode,
    CalendarSpec calendar,
    Population population,
    Map<Metric, List<Threshold>> thresholds,
    @JsonProperty(required = true) List<Step> timeline,
    List<CheckStep> checks) {
  public Scenario {
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "'name' is required: letters, digits, '.', '_' and '-' (it names the results directory)");
    }
    if (mode == null) {
      mode = Mode.PROCESS.word();
    }
    Mode.ofWord(mode);
    if (population == null) {
      population = new Population(0, 0.0, 1L);
    }
    thresholds = thresholds == null ? Map.of() : new LinkedHashMap<>(thresholds);
    for (Map.Entry<Metric, List<Threshold>> e : thresholds.entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) {
        throw new IllegalArgumentException("thresholds: " + e.getKey() + " lists no threshold");
      }
      e.getValue().forEach(t -> t.checkFor(e.getKey()));
    }
    if (timeline == null || timeline.isEmpty()) {
      throw new IllegalArgumentException("'timeline' is required and lists at least one step");
    }
    timeline = List.copyOf(timeline);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  public Mode modeValue() {
    return Mode.ofWord(mode);
  }
}
