package jp.jukinet.protocol.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Hello;
import jp.jukinet.protocol.wire.EnvelopeDecoder;
import jp.jukinet.protocol.wire.EnvelopeEncoder;
import jp.jukinet.protocol.wire.FrameDecoder;
import jp.jukinet.protocol.wire.FrameHeader;
import jp.jukinet.protocol.wire.WireLimits;

/**
 * A test client that speaks TLS and the frame codec but none of the rules above it: it sends
 * whatever bytes or envelopes a test asks for, never heartbeats, and queues what it receives.
 */
final class RawTlsClient implements AutoCloseable {
  private final Channel channel;
  private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
  private volatile long nextId = 1;
  // Kept here: a server that refuses the handshake may close the channel, emptying its pipeline,
  // before the caller looks the handler up.
  private volatile SslHandler sslHandler;

  private RawTlsClient(TransportResources resources, SslContext ssl, InetSocketAddress address) {
    Bootstrap b =
        new Bootstrap()
            .group(resources.workers())
            .channel(resources.channelClass())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    sslHandler =
                        ssl.newHandler(ch.alloc(), address.getHostString(), address.getPort());
                    ch.pipeline().addLast(sslHandler);
                    ch.pipeline().addLast(new FrameDecoder(WireLimits.defaults()));
                    ch.pipeline().addLast(new EnvelopeDecoder());
                    ch.pipeline().addLast(new EnvelopeEncoder(WireLimits.defaults()));
                    ch.pipeline()
                        .addLast(
                            new SimpleChannelInboundHandler<Envelope>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, Envelope msg) {
                                received.add(msg);
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                              }
                            });
                  }
                });
    this.channel = b.connect(address).syncUninterruptibly().channel();
  }

  /** Connects and completes the TLS handshake (which, in TLS 1.3, the client may finish first). */
  static RawTlsClient connect(
      TransportResources resources, SslContext ssl, InetSocketAddress address) throws Exception {
    RawTlsClient c = new RawTlsClient(resources, ssl, address);
    c.sslHandler.handshakeFuture().get(10, TimeUnit.SECONDS);
    return c;
  }

  /** Sends a Hello for {@code node} with {@code version}. */
  RawTlsClient hello(PeerId node, int version) {
    send(
        Envelope.newBuilder()
            .setHello(Hello.newBuilder().setNode(node.toProto()).setProtocolVersion(version)));
    return this;
  }

  /** Hello and wait for HelloAccepted. */
  RawTlsClient helloAccepted(PeerId node) throws InterruptedException {
    hello(node, 1);
    Envelope reply = next();
    if (reply == null || !reply.hasHelloAccepted()) {
      throw new AssertionError("expected HelloAccepted, got " + reply);
    }
    return this;
  }

  /** Whether the write went out; false when the server already closed the connection. */
  boolean send(Envelope.Builder env) {
    return channel
        .writeAndFlush(env.setMessageId(nextId++).build())
        .awaitUninterruptibly()
        .isSuccess();
  }

  /** Sends {@code hello} as it is, whatever it says. */
  boolean hello(Hello hello) {
    return send(Envelope.newBuilder().setHello(hello));
  }

  /** Stops reading: what the server sends piles up in the socket buffers and then at the server. */
  RawTlsClient stopReading() {
    channel.config().setAutoRead(false);
    return this;
  }

  /**
   * Writes {@code count} copies of {@code request} with increasing message ids, encoded into one
   * buffer up front, without waiting for the write to finish (a server that stops reading would
   * block that forever).
   */
  void flood(Envelope.Builder request, int count) {
    ByteBuf frames = Unpooled.buffer();
    for (int i = 0; i < count; i++) {
      byte[] body = request.clone().setMessageId(nextId++).build().toByteArray();
      FrameHeader.of(body.length).writeTo(frames);
      frames.writeBytes(body);
    }
    channel.writeAndFlush(frames);
  }

  /** Resets the connection (SO_LINGER 0): no TLS close_notify, no FIN, whatever is still queued. */
  void abort() {
    channel
        .eventLoop()
        .execute(
            () -> {
              channel.config().setOption(ChannelOption.SO_LINGER, 0);
              channel.unsafe().closeForcibly();
            });
  }

  /** Writes {@code bytes} without waiting for the write to finish. */
  void queueRaw(byte... bytes) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
  }

  boolean writeRaw(byte... bytes) {
    return channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).awaitUninterruptibly().isSuccess();
  }

  /** The next frame received, or null after 10 s. */
  Envelope next() throws InterruptedException {
    return received.poll(10, TimeUnit.SECONDS);
  }

  /** Whether the server closed the connection within the timeout. */
  boolean closedWithin(Duration timeout) {
    return channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
  }

  boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
