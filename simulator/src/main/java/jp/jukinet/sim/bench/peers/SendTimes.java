package jp.jukinet.sim.bench.peers;

/**
 * The send times of the round trips in flight on one connection, oldest first: responses come back
 * in the order the requests went out, so each answer is timed against the oldest send. Not
 * thread-safe; a connection's loop runs on one thread or synchronises around it.
 */
final class SendTimes {
  private final long[] sent;
  private int head;
  private int tail;

  SendTimes(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window " + window + " must be at least 1");
    }
    sent = new long[window];
  }

  void sent(long nanos) {
    sent[tail] = nanos;
    tail = (tail + 1) % sent.length;
  }

  /** Nanoseconds since the oldest round trip in flight was sent; it is no longer in flight. */
  long answered(long nanos) {
    long t0 = sent[head];
    head = (head + 1) % sent.length;
    return nanos - t0;
  }
}
