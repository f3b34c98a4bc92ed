package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The header's {@code topology}: yamanashi, japan, synthetic:PxM or a topology file. */
public record TopologyRef(String spec) implements Checked {
  @JsonCreator
  public static TopologyRef of(String spec) {
    return new TopologyRef(spec.trim());
  }

  @Override
  public void check(ScenarioContext context) {
    if (context.topologyError() != null) {
      throw new IllegalArgumentException(context.topologyError());
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return spec;
  }
}
