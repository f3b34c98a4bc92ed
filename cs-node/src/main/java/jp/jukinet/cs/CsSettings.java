package jp.jukinet.cs;

import java.time.Duration;
import java.util.Objects;
import jp.jukinet.node.relay.MailboxForwarder;
import jp.jukinet.node.replication.ChangeSender;

/**
 * Tunables of a CS.
 *
 * @param remoteTimeout how long an operator's request waits for another CS's answer (特例転入's
 *     転出証明書情報, 広域交付) before it is answered TIMEOUT (the routed request stays queued)
 * @param routed how routed messages go to the prefecture server: in flight, RoutedAck timeout,
 *     pause before resending
 * @param changes the upward change sender's batch size, window and timeout
 */
public record CsSettings(
    Duration remoteTimeout, MailboxForwarder.Settings routed, ChangeSender.Settings changes) {
  public CsSettings {
    positive(remoteTimeout, "remoteTimeout");
    Objects.requireNonNull(routed, "routed");
    Objects.requireNonNull(changes, "changes");
  }

  public static CsSettings defaults() {
    return new CsSettings(
        Duration.ofSeconds(25),
        new MailboxForwarder.Settings(256, Duration.ofSeconds(30), Duration.ofSeconds(5)),
        ChangeSender.Settings.defaults());
  }

  public CsSettings withRemoteTimeout(Duration d) {
    return new CsSettings(d, routed, changes);
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " " + d + " must be positive");
    }
  }
}
