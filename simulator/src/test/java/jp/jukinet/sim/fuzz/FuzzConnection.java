package jp.jukinet.sim.fuzz;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.wire.EnvelopeDecoder;
import jp.jukinet.protocol.wire.FrameDecoder;
import jp.jukinet.protocol.wire.WireLimits;

/**
 * A raw mutual-TLS connection to a node: writes arbitrary bytes, reads the node's frames with the
 * project's own decoders (a node must only ever send valid frames). Every frame read goes to {@code
 * onFrame} on the event loop, before {@link #awaitUntil} looks at what it recorded.
 */
final class FuzzConnection implements AutoCloseable {
  private static final Envelope CLOSED = Envelope.getDefaultInstance();

  private final Channel channel;
  private final BlockingQueue<Envelope> inbound = new LinkedBlockingQueue<>();

  /** Set once this side closes: a frame cut short by our own close is not the node's fault. */
  private volatile boolean closing;

  private FuzzConnection(Channel channel) {
    this.channel = channel;
  }

  /** Dials and completes the TLS handshake; null when the node refused it. */
  static FuzzConnection open(
      TransportResources resources,
      SslContext tls,
      InetSocketAddress address,
      Consumer<Envelope> onFrame,
      Consumer<Throwable> onBadFrame,
      Duration timeout)
      throws InterruptedException {
    FuzzConnection[] self = new FuzzConnection[1];
    // Kept here: a node that refuses the handshake may close the channel, emptying its pipeline,
    // before the handler could be looked up.
    SslHandler[] ssl = new SslHandler[1];
    Bootstrap b =
        new Bootstrap()
            .group(resources.workers())
            .channel(resources.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ssl[0] = tls.newHandler(ch.alloc(), address.getHostString(), address.getPort());
                    ch.pipeline()
                        .addLast(
                            ssl[0],
                            new FrameDecoder(WireLimits.defaults()),
                            new EnvelopeDecoder(),
                            new SimpleChannelInboundHandler<Envelope>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, Envelope e) {
                                onFrame.accept(e);
                                self[0].inbound.add(e);
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                self[0].inbound.add(CLOSED);
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                if (!self[0].closing) {
                                  onBadFrame.accept(cause);
                                }
                                ctx.close();
                              }
                            });
                  }
                });
    ChannelFuture connect = b.connect(address);
    self[0] = new FuzzConnection(connect.channel());
    if (!connect.await(timeout.toMillis()) || !connect.isSuccess()) {
      connect.channel().close();
      return null;
    }
    var handshake = ssl[0].handshakeFuture();
    if (!handshake.await(timeout.toMillis()) || !handshake.isSuccess()) {
      connect.channel().close();
      return null;
    }
    return self[0];
  }

  /** Queues frames; {@link #flush} sends them. */
  void write(byte[] frame) {
    channel.write(Unpooled.wrappedBuffer(frame));
  }

  void flush() {
    channel.flush();
  }

  /**
   * Waits until {@code answered} holds (checked after each frame the node sends).
   *
   * @return 1 when it held, 0 when the node closed first, -1 on timeout
   */
  int awaitUntil(BooleanSupplier answered, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answered.getAsBoolean()) {
      Envelope e = inbound.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e == null) {
        return -1;
      }
      if (e == CLOSED) {
        inbound.add(CLOSED); // for the next wait
        return 0;
      }
    }
    return 1;
  }

  @Override
  public void close() {
    closing = true;
    channel.close().awaitUninterruptibly();
  }
}
