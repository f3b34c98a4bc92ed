package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events of the {@code IdleStateHandler} before it into heartbeats: nothing written for
 * an interval → send a Heartbeat (once the Hello exchange is done, so it can never precede the
 * Hello); nothing read for the idle timeout → the peer is dead, close. The read timeout also covers
 * peers that connect and never complete TLS or Hello, but not connections this node stopped reading
 * ({@link WritabilityGuard}).
 */
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatHandler.class);

  private final PeerId self;
  private final ConnectionHandler connection;
  private final Duration idleTimeout;

  HeartbeatHandler(PeerId self, ConnectionHandler connection, Duration idleTimeout) {
    this.self = self;
    this.connection = connection;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof IdleStateEvent idle)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (idle.state() == IdleState.WRITER_IDLE) {
      if (connection.established()) {
        connection.writeFrame(
            Envelope.newBuilder()
                .setHeartbeat(Heartbeat.newBuilder().setSentAtMillis(connection.nowMillis())));
      }
    } else if (idle.state() == IdleState.READER_IDLE && ctx.channel().config().isAutoRead()) {
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
