package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import jp.jukinet.sim.demo.DemoOperation;

/**
 * What a threshold is on: {@code latency} (every operation) or {@code latency.<operation>} (e.g.
 * {@code latency.move_in}); {@code failed} (operations that failed); {@code achieved} (achieved
 * over requested operation rate).
 *
 * @param operation for latency of one operation, else null
 */
public record Metric(Family family, String operation) {
  /** The name of an agency's 即時提供 in metrics and the history. */
  public static final String LOOKUP = "lookup";

  /** The metric families. */
  public enum Family {
    LATENCY,
    FAILED,
    ACHIEVED
  }

  @JsonCreator
  public static Metric parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "latency":
        return new Metric(Family.LATENCY, null);
      case "failed":
        return new Metric(Family.FAILED, null);
      case "achieved":
        return new Metric(Family.ACHIEVED, null);
      default:
        break;
    }
    if (t.startsWith("latency.")) {
      String op = t.substring("latency.".length());
      if (op.equals(LOOKUP)) {
        return new Metric(Family.LATENCY, op);
      }
      for (DemoOperation o : DemoOperation.values()) {
        if (o.name().toLowerCase(Locale.ROOT).equals(op)) {
          return new Metric(Family.LATENCY, op);
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '"
            + text
            + "': latency, latency.<operation> ("
            + String.join(
                ", ",
                Arrays.stream(DemoOperation.values())
                    .map(o -> o.name().toLowerCase(Locale.ROOT))
                    .toList())
            + ", lookup), failed, achieved");
  }

  @JsonValue
  @Override
  public String toString() {
    return family.name().toLowerCase(Locale.ROOT) + (operation == null ? "" : "." + operation);
  }
}
