package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.wire.EnvelopeDecoder;
import jp.jukinet.protocol.wire.EnvelopeEncoder;
import jp.jukinet.protocol.wire.FrameDecoder;
import jp.jukinet.protocol.wire.WireLimits;

/**
 * The one place that builds server and client pipelines. Inbound bytes flow top to bottom:
 *
 * <pre>
 *  ssl               TLS 1.3, mutual; first, so every handler below sees only authenticated plaintext
 *  frame-decoder     8-byte header checks and the frame cap, before any body is buffered
 *  envelope-decoder  body → Envelope (protobuf parsing kept apart from framing), then every frame's
 *                    message id above the previous one, before anything looks at the body
 *  envelope-encoder  outbound Envelope → header + body; placed below every handler that writes
 *  heartbeat         write silence → Heartbeat, read silence → close as dead (unless reading is
 *                    paused), both sampled from the codec's frame counts
 *  writability       WritabilityGuard: stops reading while the write buffer is above its high-water mark,
 *                    closes a connection stuck there
 *  hello             HelloHandler / ClientHelloHandler; replaced by "business" once accepted
 *  business          ConnectionHandler: request/response matching, the node's EnvelopeHandler and LinkListener;
 *                    flushes what a read batch wrote once at its end, so many frames share a TLS record
 *  error             ErrorHandler, last, so that an exception from any handler above reaches it
 * </pre>
 *
 * The codec counts the connection's frames and bytes in and out ({@link TrafficCounter}, for
 * NodeStatus links), where their sizes are known; each handler on the path of every frame costs
 * every frame, so there is none just for counting. Heartbeat sits above Hello so the read timeout
 * also closes peers that never say Hello; it sends nothing until the Hello exchange completed. The
 * write buffer's marks are the channel's {@link WriteBufferWaterMark}, set from {@link
 * ConnectionLimits} when the channel is created.
 */
public final class PipelineConfigurator {
  public static final String SSL = "ssl";
  public static final String FRAME_DECODER = "frame-decoder";
  public static final String ENVELOPE_DECODER = "envelope-decoder";
  public static final String ENVELOPE_ENCODER = "envelope-encoder";
  public static final String HEARTBEAT = "heartbeat";
  public static final String WRITABILITY = "writability";
  public static final String HELLO = "hello";
  public static final String BUSINESS = "business";
  public static final String ERROR = "error";

  private PipelineConfigurator() {}

  /** An accepted channel of a {@link NodeServer}. */
  static void configureServer(
      SocketChannel ch,
      SslContext sslContext,
      PeerId self,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings,
      TransportCounters counters) {
    ConnectionHandler connection =
        new ConnectionHandler(self, ch, handler, links, settings, counters);
    addCodec(ch.pipeline(), sslContext.newHandler(ch.alloc()), self, connection, settings);
    ch.pipeline().addLast(HELLO, new HelloHandler(self, connection));
    ch.pipeline().addLast(ERROR, new ErrorHandler(self, connection));
  }

  /**
   * A dialled channel; {@code result} completes when HelloAccepted arrives or the attempt fails.
   */
  static void configureClient(
      SocketChannel ch,
      SslContext sslContext,
      PeerId self,
      PeerId expected,
      InetSocketAddress address,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings,
      TransportCounters counters,
      CompletableFuture<Connection> result) {
    ConnectionHandler connection =
        new ConnectionHandler(self, ch, handler, links, settings, counters);
    addCodec(
        ch.pipeline(),
        sslContext.newHandler(ch.alloc(), address.getHostString(), address.getPort()),
        self,
        connection,
        settings);
    ch.pipeline().addLast(HELLO, new ClientHelloHandler(self, expected, connection, result));
    ch.pipeline().addLast(ERROR, new ErrorHandler(self, connection));
  }

  private static void addCodec(
      ChannelPipeline p,
      SslHandler ssl,
      PeerId self,
      ConnectionHandler connection,
      TransportSettings settings) {
    WireLimits limits = settings.wireLimits();
    ConnectionLimits connectionLimits = settings.limits();
    p.channel()
        .config()
        .setWriteBufferWaterMark(
            new WriteBufferWaterMark(
                connectionLimits.lowWaterMark(), connectionLimits.highWaterMark()));
    ssl.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
    p.addLast(SSL, ssl);
    p.addLast(FRAME_DECODER, new FrameDecoder(limits));
    p.addLast(ENVELOPE_DECODER, new EnvelopeDecoder(connection.trafficCounter()));
    p.addLast(ENVELOPE_ENCODER, new EnvelopeEncoder(limits, connection.trafficCounter()));
    p.addLast(
        HEARTBEAT,
        new HeartbeatHandler(
            self, connection, settings.heartbeatInterval(), settings.idleTimeout()));
    p.addLast(
        WRITABILITY, new WritabilityGuard(self, connection, connectionLimits.maxUnwritable()));
  }
}
