package jp.jukinet.protocol.transport;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections of one {@link NodeServer} or {@link UpstreamLink} refused or dropped, for
 * the node's NodeStatus (docs/protocol.md §6.4, §6.5). Thread-safe.
 */
public final class TransportCounters {
  /** Responses, Errors and response bodies dropped because no pending request awaited them. */
  public static final String RESPONSES_UNMATCHED = "responses_unmatched";

  /**
   * Requests answered OVERLOADED (in-flight bound, or read while the connection was unwritable).
   */
  public static final String REQUESTS_OVERLOADED = "requests_overloaded";

  /** Times a connection stopped being read because its in-flight bound was reached. */
  public static final String READS_PAUSED = "reads_paused";

  private final LongAdder responsesUnmatched = new LongAdder();
  private final LongAdder requestsOverloaded = new LongAdder();
  private final LongAdder readsPaused = new LongAdder();

  void responseUnmatched() {
    responsesUnmatched.increment();
  }

  void requestOverloaded() {
    requestsOverloaded.increment();
  }

  public long responsesUnmatched() {
    return responsesUnmatched.sum();
  }

  LongAdder readsPausedAdder() {
    return readsPaused;
  }

  public long readsPaused() {
    return readsPaused.sum();
  }

  public long requestsOverloaded() {
    return requestsOverloaded.sum();
  }

  /** The counters under their NodeStatus names. */
  public Map<String, Long> asMap() {
    return Map.of(
        RESPONSES_UNMATCHED,
        responsesUnmatched(),
        REQUESTS_OVERLOADED,
        requestsOverloaded(),
        READS_PAUSED,
        readsPaused());
  }
}
