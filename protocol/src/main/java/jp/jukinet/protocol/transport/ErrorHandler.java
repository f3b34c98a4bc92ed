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
import jp.jukinet.protocol.wire.PeerText;
import jp.jukinet.protocol.wire.ProtocolException;
import jp.jukinet.protocol.wire.TruncatedFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline: every exception of the channel ends here. A {@link
 * ProtocolException} becomes an Error frame (with the offending request's message id as correlation
 * id when known); a fatal one closes the connection once the frame is written. Input ending
 * mid-frame is only logged (docs/protocol.md §3.3). Any other Throwable is logged and closes the
 * connection: only this channel is touched, never its event loop.
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
    TruncatedFrameException truncated = find(cause, TruncatedFrameException.class);
    SSLException tls = find(cause, SSLException.class);
    if (truncated != null) {
      LOG.warn(
          "{}: {} ({}, {}): {}; closing",
          self.name(),
          ctx.channel().remoteAddress(),
          connection.peerName(),
          subject(ctx),
          truncated.getMessage());
    } else if (tls != null) {
      LOG.warn(
          "{}: TLS with {} ({}) failed: {}",
          self.name(),
          ctx.channel().remoteAddress(),
          subject(ctx),
          PeerText.quoteMessage(innermostMessage(tls)));
    } else if (cause instanceof IOException) {
      LOG.info(
          "{}: connection with {} ({}) failed: {}",
          self.name(),
          ctx.channel().remoteAddress(),
          connection.peerName(),
          cause.toString());
    } else {
      LOG.warn(
          "{}: unexpected failure on the connection with {} ({}); closing it",
          self.name(),
          ctx.channel().remoteAddress(),
          connection.peerName(),
          cause);
    }
    ctx.close();
  }

  private void onProtocolError(ChannelHandlerContext ctx, ProtocolException pe) {
    // The message quotes peer fields by §8.4 already; bounding it keeps the log line as small as
    // the frame.
    String what = ErrorCodes.shortName(pe.code()) + ": " + PeerText.boundMessage(pe.getMessage());
    if (pe.fatal()) {
      LOG.warn(
          "{}: refusing {} ({}, {}) with {}; closing",
          self.name(),
          ctx.channel().remoteAddress(),
          connection.peerName(),
          subject(ctx),
          what);
    } else {
      InputWarnings.warn(
          LOG,
          connection,
          "{}: answering message {} of {} with {}",
          self.name(),
          pe.correlationId(),
          connection.peerName(),
          what);
    }
    if (!ctx.channel().isActive()) {
      return;
    }
    if (pe.fatal()) {
      connection.readValve().stop(); // nothing more is processed from this connection
    }
    ChannelFuture written =
        connection.writeFrame(
            Envelope.newBuilder()
                .setCorrelationId(pe.correlationId())
                .setError(ErrorCodes.error(pe.code(), pe.getMessage())));
    if (pe.fatal()) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String subject(ChannelHandlerContext ctx) {
    return PeerCertificate.subject(ctx.pipeline());
  }

  /**
   * The engine's own words are often on a cause ("General OpenSslEngine problem" wraps the reason).
   */
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
