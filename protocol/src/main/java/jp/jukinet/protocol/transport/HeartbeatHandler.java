package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats and dead peers (docs/protocol.md §4.4). Nothing written for the heartbeat interval →
 * send a Heartbeat (once the Hello exchange is done, so it can never precede the Hello); nothing
 * read for the idle timeout → the peer is dead, close. The read timeout also covers peers that
 * connect and never complete TLS or Hello, but not connections this node stopped reading ({@link
 * ReadValve}): while reading is paused, silence says nothing about the peer, and the timeout starts
 * afresh when reading resumes.
 *
 * <p>Silence is sampled {@value #TICKS_PER_INTERVAL} times per heartbeat interval from the
 * connection's frame counts ({@link TrafficCounter}), not timed per frame: a timer reset, a
 * listener and a clock read on every read and every write's promise (what Netty's {@code
 * IdleStateHandler} does) cost each frame more than the rest of its pipeline steps. A Heartbeat
 * thus goes out after between ¾ of the interval and the whole interval of silence, never later; a
 * dead peer is closed between the idle timeout and half an interval after it.
 */
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {
  static final int TICKS_PER_INTERVAL = 4;
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatHandler.class);

  private final PeerId self;
  private final ConnectionHandler connection;
  private final Duration idleTimeout;
  private final long tickNanos;

  /** Quiet ticks in a row after which the peer is dead: at least the idle timeout of silence. */
  private final long deadAfterTicks;

  private ScheduledFuture<?> ticks;
  private int writeQuietTicks;
  private long readQuietTicks;
  private long framesSentSeen;
  private long framesReceivedSeen;

  HeartbeatHandler(
      PeerId self, ConnectionHandler connection, Duration heartbeatInterval, Duration idleTimeout) {
    this.self = self;
    this.connection = connection;
    this.idleTimeout = idleTimeout;
    this.tickNanos = Math.max(1, heartbeatInterval.toNanos() / TICKS_PER_INTERVAL);
    this.deadAfterTicks = Math.max(1, (idleTimeout.toNanos() + tickNanos - 1) / tickNanos);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stop();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  private void start(ChannelHandlerContext ctx) {
    if (ticks != null) {
      return;
    }
    ticks =
        ctx.executor()
            .scheduleAtFixedRate(() -> tick(ctx), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
  }

  private void stop() {
    if (ticks != null) {
      ticks.cancel(false);
      ticks = null;
    }
  }

  private void tick(ChannelHandlerContext ctx) {
    LinkTraffic traffic = connection.traffic();
    checkWrites(traffic.framesSent());
    checkReads(ctx, traffic.framesReceived());
  }

  /** Three quiet ticks in a row: between ¾ of the interval and the interval without a write. */
  private void checkWrites(long framesSent) {
    if (framesSent != framesSentSeen) {
      framesSentSeen = framesSent;
      writeQuietTicks = 0;
      return;
    }
    if (++writeQuietTicks >= TICKS_PER_INTERVAL - 1 && connection.established()) {
      writeQuietTicks = 0;
      connection.writeFrame(
          Envelope.newBuilder()
              .setHeartbeat(Heartbeat.newBuilder().setSentAtMillis(connection.nowMillis())));
    }
  }

  /**
   * {@link #deadAfterTicks} quiet ticks in a row: between the idle timeout and two ticks more
   * without a frame read.
   */
  private void checkReads(ChannelHandlerContext ctx, long framesReceived) {
    if (framesReceived != framesReceivedSeen || !ctx.channel().config().isAutoRead()) {
      framesReceivedSeen = framesReceived;
      readQuietTicks = 0;
      return;
    }
    if (++readQuietTicks < deadAfterTicks) {
      return;
    }
    stop();
    LOG.warn(
        "{}: nothing received from {} at {} ({}) for {} ms; closing the connection as dead",
        self.name(),
        connection.peerName(),
        ctx.channel().remoteAddress(),
        PeerCertificate.subject(ctx.pipeline()),
        idleTimeout.toMillis());
    ctx.close();
  }
}
