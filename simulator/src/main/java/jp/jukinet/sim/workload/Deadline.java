package jp.jukinet.sim.workload;

import java.time.Duration;
import java.util.Objects;

/**
 * The moment by which a command must have its answers (of {@link System#nanoTime()}): every wait of
 * the command takes what is left of it, so waits never add up beyond it.
 *
 * @param total how long the deadline was set for (for messages: "no answer within 20 s")
 */
public record Deadline(long atNanos, Duration total) {
  public Deadline {
    Objects.requireNonNull(total, "total");
    if (total.isNegative()) {
      throw new IllegalArgumentException("negative deadline " + total);
    }
  }

  /** {@code total} from now. */
  public static Deadline in(Duration total) {
    return new Deadline(System.nanoTime() + total.toNanos(), total);
  }

  /** What is left, zero once passed. */
  public Duration remaining() {
    long left = atNanos - System.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  public boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }

  /** "20 s" or "500 ms": the total, as messages name it. */
  public String describe() {
    return describe(total);
  }

  /** "20 s" when whole seconds, else "1500 ms". */
  public static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
