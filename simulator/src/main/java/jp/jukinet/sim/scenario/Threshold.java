package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail criterion on a metric, k6-style: {@code p99 < 200ms}, {@code rate < 0.01}; written as
 * the string or as {@code {threshold: "p99 < 200ms", abort_on_fail: true}} (breached while the
 * timeline runs, it stops the run).
 *
 * @param statistic p50, p90, p95, p99, p99.9, avg, min, max (latency); rate, count (failed); ratio
 *     (achieved)
 * @param bound the right-hand side: milliseconds for latency, else a plain number
 */
public record Threshold(
    String expression, String statistic, String op, double bound, boolean abortOnFail) {
  private static final Pattern EXPR =
      Pattern.compile("\\s*([a-z]+[0-9.]*)\\s*(<=|>=|==|<|>)\\s*([0-9.]+)\\s*(ms|s|min)?\\s*");
  private static final List<String> LATENCY =
      List.of("p50", "p90", "p95", "p99", "p99.9", "avg", "min", "max");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Threshold of(String expression) {
    return of(expression, false);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static Threshold of(
      @JsonProperty(value = "threshold", required = true) String expression,
      @JsonProperty("abort_on_fail") Boolean abortOnFail) {
    Matcher m = EXPR.matcher(expression.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "threshold '"
              + expression
              + "': expected e.g. 'p99 < 200ms', 'rate < 0.01', 'ratio > 0.9'");
    }
    double bound = Double.parseDouble(m.group(3));
    String unit = m.group(4);
    if (unit != null) {
      bound *= unit.equals("s") ? 1000 : unit.equals("min") ? 60_000 : 1;
    }
    return new Threshold(
        expression.trim(), m.group(1), m.group(2), bound, abortOnFail != null && abortOnFail);
  }

  /** Refuses a statistic the metric has not (p99 of failures, ratio of latency). */
  void checkFor(Metric metric) {
    List<String> allowed =
        switch (metric.family()) {
          case LATENCY -> LATENCY;
          case FAILED -> List.of("rate", "count");
          case ACHIEVED -> List.of("ratio");
        };
    if (!allowed.contains(statistic)) {
      throw new IllegalArgumentException(
          "threshold '"
              + expression
              + "' on "
              + metric
              + ": its statistics are "
              + String.join(", ", allowed));
    }
  }

  /** Whether {@code value} satisfies the threshold. */
  public boolean holds(double value) {
    return switch (op) {
      case "<" -> value < bound;
      case "<=" -> value <= bound;
      case ">" -> value > bound;
      case ">=" -> value >= bound;
      default -> value == bound;
    };
  }
}
