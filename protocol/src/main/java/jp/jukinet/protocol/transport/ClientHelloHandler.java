package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLPeerUnverifiedException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.Hello;
import jp.jukinet.protocol.wire.FrameHeader;
import jp.jukinet.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client side of the Hello exchange. After the TLS handshake it checks that the server's
 * certificate names the node it meant to dial (host names are not verified: identity is the role
 * and code), sends Hello, and considers the link up only when HelloAccepted arrives. Completes
 * {@code result} either way, with a failure that says why.
 */
final class ClientHelloHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientHelloHandler.class);
  static final String SOFTWARE = "jukinet/1";

  private final PeerId self;
  private final PeerId expected;
  private final ConnectionHandler connection;
  private final CompletableFuture<Connection> result;

  ClientHelloHandler(
      PeerId self,
      PeerId expected,
      ConnectionHandler connection,
      CompletableFuture<Connection> result) {
    this.self = self;
    this.expected = expected;
    this.connection = connection;
    this.result = result;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent hs) {
      if (!hs.isSuccess()) {
        result.completeExceptionally(
            hs.cause()); // the SslHandler closes the channel and the error handler logs
      } else {
        onHandshake(ctx);
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void refuseServer(ChannelHandlerContext ctx, String why) {
    fail(
        ctx,
        new SSLPeerUnverifiedException(
            self.name() + ": the server at " + ctx.channel().remoteAddress() + " " + why));
  }

  private void onHandshake(ChannelHandlerContext ctx) {
    PeerId server;
    try {
      server = PeerCertificate.peerId(ctx.pipeline());
    } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
      refuseServer(ctx, "has no jukinet certificate: " + e.getMessage());
      return;
    }
    if (!server.equals(expected)) {
      refuseServer(ctx, "presented a certificate for " + server + ", expected " + expected);
      return;
    }
    connection.writeFrame(
        Envelope.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setNode(self.toProto())
                    .setProtocolVersion(FrameHeader.CURRENT_VERSION)
                    .setSoftware(SOFTWARE)));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Envelope env = (Envelope) msg;
    if (result.isDone()) {
      return; // failed already; the channel is closing
    }
    switch (env.getBodyCase()) {
      case HELLO_ACCEPTED -> {
        PeerId named;
        try {
          named = PeerId.fromProto(env.getHelloAccepted().getServer());
        } catch (IllegalArgumentException e) {
          named = null;
        }
        if (!expected.equals(named)) {
          fail(
              ctx,
              new IOException(
                  self.name()
                      + ": HelloAccepted from "
                      + ctx.channel().remoteAddress()
                      + " names "
                      + named
                      + ", expected "
                      + expected));
          return;
        }
        ctx.pipeline().replace(this, PipelineConfigurator.BUSINESS, connection);
        connection.activate(expected);
        result.complete(connection);
      }
      case ERROR -> {
        RemoteErrorException refused = new RemoteErrorException(env.getError());
        LOG.warn(
            "{}: {} at {} refused the connection: {}",
            self.name(),
            expected,
            ctx.channel().remoteAddress(),
            refused.getMessage());
        fail(ctx, refused);
      }
      default ->
          throw new ProtocolException(
              ErrorCode.ERROR_CODE_HELLO_REQUIRED,
              0,
              true,
              "received " + env.getBodyCase() + " before HelloAccepted");
    }
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (result.completeExceptionally(cause) && !(cause instanceof RemoteErrorException)) {
      LOG.warn(
          "{}: closing the connection to {} at {}: {}",
          self.name(),
          expected,
          ctx.channel().remoteAddress(),
          cause.getMessage());
    }
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    result.completeExceptionally(cause);
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.completeExceptionally(
        new IOException(
            self.name()
                + ": the connection to "
                + expected
                + " at "
                + ctx.channel().remoteAddress()
                + " closed before HelloAccepted"));
    ctx.fireChannelInactive();
  }
}
