package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The run's figures: latency of every operation (overall, per operation, and per second of the
 * run), successes and failures per second, and the rate each second was asked for. Thread-safe.
 */
final class Metrics {
  /** Latencies are recorded in microseconds up to this (10 min). */
  private static final long MAX_MICROS = 600_000_000L;

  private long startNanos;
  private final Histogram all = histogram();
  private final Map<String, Histogram> byOperation = new LinkedHashMap<>();
  private final Map<String, long[]> countsByOperation = new LinkedHashMap<>();
  private final TreeMap<Long, Second> seconds = new TreeMap<>();
  private long ok;
  private long failed;
  private double requested;

  /** One second of the run. */
  private static final class Second {
    long ok;
    long failed;
    double requested;
    final Histogram latency = histogram();
  }

  /** A second's figures, for the report's time series (ms). */
  record Point(long second, long ok, long failed, double requested, double p50, double p99) {}

  /** One latency distribution's figures (ms). */
  record Summary(
      long count,
      double min,
      double avg,
      double p50,
      double p90,
      double p95,
      double p99,
      double p999,
      double max) {}

  Metrics(long startNanos) {
    this.startNanos = startNanos;
  }

  /** The time series counts seconds from here (the timeline's start). */
  synchronized void startAt(long nanos) {
    this.startNanos = nanos;
  }

  private static Histogram histogram() {
    return new Histogram(MAX_MICROS, 3);
  }

  /**
   * @param op the operation's name ({@code move_in}, {@code lookup} …)
   */
  synchronized void record(String op, long start, long end, boolean success) {
    countsByOperation.computeIfAbsent(op, k -> new long[2])[success ? 0 : 1]++;
    long micros = Math.max(1, Math.min(MAX_MICROS, (end - start) / 1000));
    Second s = second(end);
    if (success) {
      ok++;
      s.ok++;
      all.recordValue(micros);
      byOperation.computeIfAbsent(op, k -> histogram()).recordValue(micros);
      s.latency.recordValue(micros);
    } else {
      failed++;
      s.failed++;
    }
  }

  /** {@code count} operations were due in the second of {@code nanos} (the requested rate). */
  synchronized void requested(long nanos, double count) {
    requested += count;
    second(nanos).requested += count;
  }

  private Second second(long nanos) {
    return seconds.computeIfAbsent(
        Math.max(0, (nanos - startNanos) / 1_000_000_000L), k -> new Second());
  }

  /** Operations completed in the last whole second (the live rate). */
  synchronized double lastRate() {
    long now = (System.nanoTime() - startNanos) / 1_000_000_000L;
    Second s = seconds.get(now - 1);
    return s == null ? 0 : s.ok + s.failed;
  }

  synchronized long ok() {
    return ok;
  }

  synchronized long failed() {
    return failed;
  }

  synchronized double requestedCount() {
    return requested;
  }

  /** Latency of every operation, or of one ({@code op} not null). */
  synchronized Summary latency(String op) {
    Histogram h = op == null ? all : byOperation.get(op);
    return summary(h == null ? histogram() : h);
  }

  /** Successes and failures of {@code op}. */
  synchronized long[] counts(String op) {
    return countsByOperation.getOrDefault(op, new long[2]).clone();
  }

  synchronized Map<String, Summary> latencyByOperation() {
    Map<String, Summary> out = new LinkedHashMap<>();
    byOperation.forEach((k, v) -> out.put(k, summary(v)));
    return out;
  }

  /** The latency distribution as (upper bound ms, count) buckets, log-spaced. */
  synchronized List<double[]> distribution() {
    List<double[]> out = new ArrayList<>();
    if (all.getTotalCount() == 0) {
      return out;
    }
    all.logarithmicBucketValues(1000, 2)
        .forEach(
            v ->
                out.add(
                    new double[] {
                      v.getValueIteratedTo() / 1000.0, v.getCountAddedInThisIterationStep()
                    }));
    return out;
  }

  synchronized List<Point> series() {
    List<Point> out = new ArrayList<>();
    if (seconds.isEmpty()) {
      return out;
    }
    for (long i = 0; i <= seconds.lastKey(); i++) {
      Second s = seconds.get(i);
      out.add(
          s == null
              ? new Point(i, 0, 0, 0, 0, 0)
              : new Point(i, s.ok, s.failed, s.requested, ms(s.latency, 50), ms(s.latency, 99)));
    }
    return out;
  }

  private static Summary summary(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new Summary(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new Summary(
        h.getTotalCount(),
        h.getMinValue() / 1000.0,
        Math.round(h.getMean()) / 1000.0,
        ms(h, 50),
        ms(h, 90),
        ms(h, 95),
        ms(h, 99),
        ms(h, 99.9),
        h.getMaxValue() / 1000.0);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
