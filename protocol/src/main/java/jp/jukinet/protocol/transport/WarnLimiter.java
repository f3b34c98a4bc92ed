package jp.jukinet.protocol.transport;

import java.util.concurrent.TimeUnit;

/**
 * At most one WARN a minute about one connection's input (docs/protocol.md §8.4); the rest go to
 * DEBUG, so that a peer cannot flood the node's log.
 */
final class WarnLimiter {
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private long nextNanos;
  private boolean warned;

  /** True at most once per minute. */
  synchronized boolean mayWarn() {
    long now = System.nanoTime();
    if (warned && now - nextNanos < 0) {
      return false;
    }
    warned = true;
    nextNanos = now + INTERVAL_NANOS;
    return true;
  }
}
