package jp.jukinet.sim.scenario;

/** The checks and defaults of keys several steps share, each refusal naming its step. */
final class StepValues {
  private StepValues() {}

  /** A count of residents: default 1, at most 1000. */
  static int count(String step, Integer count) {
    int n = count == null ? 1 : count;
    if (n < 1 || n > 1000) {
      throw new IllegalArgumentException(step + ": 'count' " + n + " must be 1..1000");
    }
    return n;
  }

  /** A step at a rate for a while needs both. */
  static void rated(String step, Span duration, Rate rate) {
    if (duration == null || duration.amount().isZero()) {
      throw new IllegalArgumentException(step + ": 'duration' is required and above 0");
    }
    if (rate == null) {
      throw new IllegalArgumentException(step + ": 'rate' is required (e.g. 20/s)");
    }
  }

  /** Requests in flight at most: default 64. */
  static int parallel(String step, Integer parallel) {
    int n = parallel == null ? 64 : parallel;
    if (n < 1 || n > 4096) {
      throw new IllegalArgumentException(step + ": 'parallel' " + n + " must be 1..4096");
    }
    return n;
  }
}
