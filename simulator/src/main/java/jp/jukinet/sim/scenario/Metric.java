package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
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

  /** An agency's 一括提供 (one batch), 開示, a prefecture terminal's lookup, 広域交付. */
  public static final String BATCH = "batch";

  public static final String DISCLOSE = "disclose";
  public static final String PREFECTURE_USE = "prefecture_use";
  public static final String WIDE_AREA = "wide_area";

  /** The operations of the provision steps, with their names in the report. */
  static final Map<String, String> PROVISION_OPERATIONS =
      Map.of(
          LOOKUP,
          "即時提供",
          BATCH,
          "一括提供",
          DISCLOSE,
          "開示",
          PREFECTURE_USE,
          "都道府県知事の利用",
          WIDE_AREA,
          "広域交付");

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
      if (PROVISION_OPERATIONS.containsKey(op)) {
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
            + ", lookup, batch, disclose, prefecture_use, wide_area), failed, achieved");
  }

  @JsonValue
  @Override
  public String toString() {
    return family.name().toLowerCase(Locale.ROOT) + (operation == null ? "" : "." + operation);
  }
}
