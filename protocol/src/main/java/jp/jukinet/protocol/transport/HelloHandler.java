package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import javax.net.ssl.SSLPeerUnverifiedException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.Hello;
import jp.jukinet.protocol.proto.HelloAccepted;
import jp.jukinet.protocol.wire.FrameHeader;
import jp.jukinet.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of the Hello exchange (docs/protocol.md §4.2). Lets no frame through before a Hello,
 * checks it against the peer certificate, the connection policy and the protocol version, answers
 * HelloAccepted, then replaces itself with the connection's business handler. Every refusal is a
 * fatal {@link ProtocolException}: the error handler sends the Error frame and closes.
 */
final class HelloHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HelloHandler.class);

  private final PeerId self;
  private final ConnectionHandler connection;
  private boolean refused;

  HelloHandler(PeerId self, ConnectionHandler connection) {
    this.self = self;
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Envelope env = (Envelope) msg;
    if (refused) {
      return; // the connection is closing; later frames of the same read are ignored
    }
    try {
      PeerId peer = check(ctx, env);
      connection.writeFrame(
          Envelope.newBuilder()
              .setCorrelationId(env.getMessageId())
              .setHelloAccepted(
                  HelloAccepted.newBuilder()
                      .setServer(self.toProto())
                      .setProtocolVersion(FrameHeader.CURRENT_VERSION)));
      ctx.pipeline().replace(this, PipelineConfigurator.BUSINESS, connection);
      LOG.debug("{}: accepted {} from {}", self.name(), peer, ctx.channel().remoteAddress());
      connection.activate(peer);
    } catch (ProtocolException e) {
      refused = true;
      throw e;
    }
  }

  private PeerId check(ChannelHandlerContext ctx, Envelope env) {
    long id = env.getMessageId();
    if (!env.hasHello()) {
      // Correlation id 0: it refuses the connection, not a request (§4.2).
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_HELLO_REQUIRED,
          0,
          true,
          "received "
              + env.getBodyCase()
              + " before Hello; the first frame on a connection must be a Hello");
    }
    if (env.getCorrelationId() != 0) {
      // A frame with a correlation id is an answer (§6.4), never the Hello request the server waits
      // for.
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_HELLO_REQUIRED,
          0,
          true,
          "received a Hello with correlation_id "
              + env.getCorrelationId()
              + "; the first frame on a connection must be a Hello request (correlation_id 0)");
    }
    PeerId certified;
    try {
      certified = PeerCertificate.peerId(ctx.pipeline());
    } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_FORBIDDEN_PEER,
          id,
          true,
          "the peer certificate does not name a jukinet node: " + e.getMessage());
    }
    Hello hello = env.getHello();
    PeerId claimed;
    try {
      claimed = PeerId.fromProto(hello.getNode());
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_HELLO_MISMATCH,
          id,
          true,
          "Hello names an invalid node: " + e.getMessage());
    }
    if (!claimed.equals(certified)) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_HELLO_MISMATCH,
          id,
          true,
          "Hello names " + claimed + " but the certificate names " + certified);
    }
    String refusal = ConnectionPolicy.refusal(self, certified);
    if (refusal != null) {
      throw new ProtocolException(ErrorCode.ERROR_CODE_FORBIDDEN_PEER, id, true, refusal);
    }
    if (hello.getProtocolVersion() != FrameHeader.CURRENT_VERSION) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
          id,
          true,
          "Hello asks for protocol version "
              + hello.getProtocolVersion()
              + "; "
              + self.name()
              + " speaks version "
              + FrameHeader.CURRENT_VERSION);
    }
    return certified;
  }
}
