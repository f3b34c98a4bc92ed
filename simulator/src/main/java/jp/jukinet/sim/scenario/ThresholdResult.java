package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A threshold judged against the run's figures.
 *
 * @param value the metric's statistic (ms for latency)
 */
public record ThresholdResult(
    String metric, String threshold, double value, boolean passed, boolean abortOnFail) {

  /** Every threshold of {@code thresholds} against {@code metrics}. */
  static List<ThresholdResult> judge(Map<Metric, List<Threshold>> thresholds, Metrics metrics) {
    List<ThresholdResult> out = new ArrayList<>();
    thresholds.forEach(
        (metric, list) -> {
          for (Threshold t : list) {
            double v = value(metric, t.statistic(), metrics);
            out.add(
                new ThresholdResult(
                    metric.toString(), t.expression(), v, t.holds(v), t.abortOnFail()));
          }
        });
    return out;
  }

  private static double value(Metric metric, String statistic, Metrics m) {
    switch (metric.family()) {
      case FAILED:
        long done = m.ok() + m.failed();
        return statistic.equals("count") ? m.failed() : done == 0 ? 0 : (double) m.failed() / done;
      case ACHIEVED:
        return m.requestedCount() == 0 ? 1 : (m.ok() + m.failed()) / m.requestedCount();
      default:
        Metrics.Summary s = m.latency(metric.operation());
        return switch (statistic) {
          case "p50" -> s.p50();
          case "p90" -> s.p90();
          case "p95" -> s.p95();
          case "p99" -> s.p99();
          case "p99.9" -> s.p999();
          case "avg" -> s.avg();
          case "min" -> s.min();
          default -> s.max();
        };
    }
  }
}
