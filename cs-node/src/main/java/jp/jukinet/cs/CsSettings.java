package jp.jukinet.cs;

import java.time.Duration;
import java.util.Objects;
import jp.jukinet.node.replication.ChangeSender;

/**
 * Tunables of a CS.
 *
 * @param remoteTimeout how long an operator's request waits for another CS's answer (特例転入's
 *     転出証明書情報, 広域交付) before it is answered TIMEOUT (the routed request stays queued)
 * @param routedAckTimeout how long a routed message waits for the prefecture server's RoutedAck
 * @param routedRetry how often routed messages that were not acknowledged are offered again
 * @param changes the upward change sender's batch size, window and timeout
 */
public record CsSettings(Duration remoteTimeout, Duration routedAckTimeout, Duration routedRetry,
    ChangeSender.Settings changes) {
  public CsSettings {
    positive(remoteTimeout, "remoteTimeout");
    positive(routedAckTimeout, "routedAckTimeout");
    positive(routedRetry, "routedRetry");
    Objects.requireNonNull(changes, "changes");
  }

  public static CsSettings defaults() {
    return new CsSettings(Duration.ofSeconds(25), Duration.ofSeconds(30), Duration.ofSeconds(5),
        ChangeSender.Settings.defaults());
  }

  public CsSettings withRemoteTimeout(Duration d) {
    return new CsSettings(d, routedAckTimeout, routedRetry, changes);
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " " + d + " must be positive");
    }
  }
}
