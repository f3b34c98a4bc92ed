package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
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
 * read for the idle timeout (the {@code IdleStateHandler} before it) → the peer is dead, close. The
 * read timeout also covers peers that connect and never complete TLS or Hello, but not connections
 * this node stopped reading ({@link WritabilityGuard}).
 *
 * <p>Write silence is sampled {@value #TICKS_PER_INTERVAL} times per interval from a flag {@link
 * ConnectionHandler} sets for every frame it stamps, not timed per write: a listener and a clock
 * read on every write's promise (what {@code IdleStateHandler} does for write idleness) cost each
 * frame more than the rest of its pipeline steps. A Heartbeat thus goes out after between ¾ of the
 * interval and the whole interval of silence, never later.
 */
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {
  static final int TICKS_PER_INTERVAL = 4;
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatHandler.class);

  private final PeerId self;
  private final ConnectionHandler connection;
  private final Duration heartbeatInterval;
  private final Duration idleTimeout;
  private ScheduledFuture<?> ticks;
  private int quietTicks;

  HeartbeatHandler(
      PeerId self, ConnectionHandler connection, Duration heartbeatInterval, Duration idleTimeout) {
    this.self = self;
    this.connection = connection;
    this.heartbeatInterval = heartbeatInterval;
    this.idleTimeout = idleTimeout;
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
    long period = Math.max(1, heartbeatInterval.toNanos() / TICKS_PER_INTERVAL);
    ticks =
        ctx.executor().scheduleAtFixedRate(() -> tick(ctx), period, period, TimeUnit.NANOSECONDS);
  }

  private void stop() {
    if (ticks != null) {
      ticks.cancel(false);
      ticks = null;
    }
  }

  /** Three quiet ticks in a row: between ¾ of the interval and the interval without a write. */
  private void tick(ChannelHandlerContext ctx) {
    if (connection.takeWritten()) {
      quietTicks = 0;
      return;
    }
    if (++quietTicks >= TICKS_PER_INTERVAL - 1 && connection.established()) {
      quietTicks = 0;
      connection.writeFrame(
          Envelope.newBuilder()
              .setHeartbeat(Heartbeat.newBuilder().setSentAtMillis(connection.nowMillis())));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (ctx.channel().config().isAutoRead()) {
      // While reading is paused on purpose (§6.5) silence says nothing about the peer.
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
}
