package jp.jukinet.protocol.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import jp.jukinet.protocol.wire.WireLimits;

/**
 * Transport timing and limits of one node, validated on construction.
 *
 * @param maxFrameBytes largest frame sent or accepted, header included
 * @param heartbeatInterval a Heartbeat is sent after this long without writing
 * @param idleTimeout the connection is closed as dead after this long without reading anything
 * @param connectTimeout TCP connect + TLS handshake + Hello must finish within this
 * @param backoffMin first reconnect delay of an {@link UpstreamLink}
 * @param backoffMax reconnect delays double up to this
 * @param clock stamps sent_at_millis
 * @param limits what one connection may cost (in-flight requests, write buffer, stuck time)
 */
public record TransportSettings(
    int maxFrameBytes,
    Duration heartbeatInterval,
    Duration idleTimeout,
    Duration connectTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Clock clock,
    ConnectionLimits limits) {

  public TransportSettings {
    new WireLimits(maxFrameBytes);
    positive(heartbeatInterval, "heartbeat interval");
    positive(idleTimeout, "idle timeout");
    positive(connectTimeout, "connect timeout");
    positive(backoffMin, "backoff minimum");
    positive(backoffMax, "backoff maximum");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(limits, "limits");
    if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "idle timeout "
              + idleTimeout
              + " must be longer than the heartbeat interval "
              + heartbeatInterval
              + ", or live peers would be closed as dead");
    }
    if (backoffMax.compareTo(backoffMin) < 0) {
      throw new IllegalArgumentException(
          "backoff maximum " + backoffMax + " is below the minimum " + backoffMin);
    }
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " " + d + " must be positive");
    }
  }

  /**
   * 4 MiB frames, heartbeat every 5 s, dead after 15 s, connect within 10 s, reconnect 100 ms … 10
   * s, {@link ConnectionLimits#defaults()}.
   */
  public static TransportSettings defaults() {
    return new TransportSettings(
        WireLimits.DEFAULT_MAX_FRAME_BYTES,
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(10),
        Clock.systemUTC(),
        ConnectionLimits.defaults());
  }

  public WireLimits wireLimits() {
    return new WireLimits(maxFrameBytes);
  }

  public TransportSettings withMaxFrameBytes(int bytes) {
    return new TransportSettings(
        bytes,
        heartbeatInterval,
        idleTimeout,
        connectTimeout,
        backoffMin,
        backoffMax,
        clock,
        limits);
  }

  public TransportSettings withHeartbeat(Duration interval, Duration idle) {
    return new TransportSettings(
        maxFrameBytes, interval, idle, connectTimeout, backoffMin, backoffMax, clock, limits);
  }

  public TransportSettings withBackoff(Duration min, Duration max) {
    return new TransportSettings(
        maxFrameBytes, heartbeatInterval, idleTimeout, connectTimeout, min, max, clock, limits);
  }

  public TransportSettings withClock(Clock c) {
    return new TransportSettings(
        maxFrameBytes,
        heartbeatInterval,
        idleTimeout,
        connectTimeout,
        backoffMin,
        backoffMax,
        c,
        limits);
  }

  public TransportSettings withLimits(ConnectionLimits l) {
    return new TransportSettings(
        maxFrameBytes,
        heartbeatInterval,
        idleTimeout,
        connectTimeout,
        backoffMin,
        backoffMax,
        clock,
        l);
  }
}
