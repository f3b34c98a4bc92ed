package jp.jukinet.protocol.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What one connection may cost a node (docs/protocol.md §6.5), validated on construction.
 *
 * @param maxInFlight requests read from the connection and not yet answered: at this many the
 *     connection is no longer read, until at most half of them are ({@link ReadValve})
 * @param lowWaterMark queued outbound bytes below which an unwritable connection becomes writable
 *     again
 * @param highWaterMark queued outbound bytes above which the connection becomes unwritable and is
 *     no longer read
 * @param maxUnwritable a connection unwritable this long without interruption is closed as stuck
 */
public record ConnectionLimits(
    int maxInFlight, int lowWaterMark, int highWaterMark, Duration maxUnwritable) {
  public ConnectionLimits {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("in-flight bound " + maxInFlight + " must be at least 1");
    }
    if (lowWaterMark < 1 || highWaterMark <= lowWaterMark) {
      throw new IllegalArgumentException(
          "write buffer marks "
              + lowWaterMark
              + "/"
              + highWaterMark
              + " must be positive with the low mark below the high one");
    }
    Objects.requireNonNull(maxUnwritable, "maxUnwritable");
    if (maxUnwritable.isNegative() || maxUnwritable.isZero()) {
      throw new IllegalArgumentException(
          "longest unwritable time " + maxUnwritable + " must be positive");
    }
  }

  /** 1,024 requests in flight, 512 KiB / 1 MiB marks, closed after 30 s unwritable. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(1024, 512 * 1024, 1024 * 1024, Duration.ofSeconds(30));
  }
}
