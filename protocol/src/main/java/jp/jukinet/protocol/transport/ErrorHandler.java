package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import javax.net.ssl.SSLException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline: every exception of the channel ends here. A
 * {@link ProtocolException} becomes an Error frame (with the offending request's message id as
 * correlation id when known); a fatal one closes the connection once the frame is written. Anything
 * else is logged and closes the connection. Only this channel is touched.
 */
final class ErrorHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  private final PeerId self;
  private final ConnectionHandler connection;

  ErrorHandler(PeerId self, ConnectionHandler connection) {
    this.self = self;
    this.connection = connection;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ProtocolException pe = find(cause, ProtocolException.class);
    if (pe != null) {
      onProtocolError(ctx, pe);
      return;
    }
    SSLException tls = find(cause, SSLException.class);
    if (tls != null) {
      LOG.warn("{}: TLS with {} ({}) failed: {}", self.name(), ctx.channel().remoteAddress(), subject(ctx),
          innermostMessage(tls));
    } else if (cause instanceof IOException) {
      LOG.info("{}: connection with {} ({}) failed: {}", self.name(), ctx.channel().remoteAddress(), peerName(),
          cause.toString());
    } else {
      LOG.warn("{}: unexpected failure on the connection with {} ({}); closing it", self.name(),
          ctx.channel().remoteAddress(), peerName(), cause);
    }
    ctx.close();
  }

  private void onProtocolError(ChannelHandlerContext ctx, ProtocolException pe) {
    if (pe.fatal()) {
      LOG.warn("{}: refusing {} ({}): {}; closing", self.name(), ctx.channel().remoteAddress(), subject(ctx),
          pe.toString());
    } else {
      // Non-fatal errors answer single requests (e.g. an unknown body): not worth a WARN each.
      LOG.debug("{}: answering {} ({}) with {}", self.name(), ctx.channel().remoteAddress(), subject(ctx), pe);
    }
    if (!ctx.channel().isActive()) {
      return;
    }
    ChannelFuture written = ctx.writeAndFlush(connection.stamp(Envelope.newBuilder()
        .setCorrelationId(pe.correlationId())
        .setError(ErrorCodes.error(pe.code(), pe.getMessage()))));
    if (pe.fatal()) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private String peerName() {
    return connection.established() ? connection.peer().name() : "not authenticated";
  }

  private static String subject(ChannelHandlerContext ctx) {
    return PeerCertificate.subject(ctx.pipeline());
  }

  /** The engine's own words are often on a cause ("General OpenSslEngine problem" wraps the reason). */
  private static String innermostMessage(Throwable t) {
    String message = t.getMessage();
    for (int depth = 0; (t = t.getCause()) != null && depth < 8; depth++) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
