package jp.jukinet.protocol.transport;

import org.slf4j.Logger;

/**
 * Logs a line about one connection's input (a refusal, an unmatched answer) at WARN at most once a
 * minute per connection and at DEBUG otherwise (docs/protocol.md §8.4), so that a peer cannot flood
 * the node's log. Peer text in the arguments must be quoted already ({@link
 * jp.jukinet.protocol.wire.PeerText}).
 */
public final class InputWarnings {
  private InputWarnings() {}

  public static void warn(Logger log, Connection about, String format, Object... args) {
    if (about.mayWarn()) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }
}
