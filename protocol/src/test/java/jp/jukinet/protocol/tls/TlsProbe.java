package jp.jukinet.protocol.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal TLS server and client on 127.0.0.1 with only an SslHandler: the server records each
 * handshake's outcome and, after a successful one, sends one byte so the client learns it was
 * accepted (in TLS 1.3 the client's own handshake completes before the server checks it).
 */
final class TlsProbe implements AutoCloseable {
  static final int ACCEPTED = 0x2A;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final BlockingQueue<SslHandshakeCompletionEvent> serverResults =
      new LinkedBlockingQueue<>();
  private Channel serverChannel;

  /** Exceptions seen by clients, for failure messages. */
  final BlockingQueue<Throwable> clientErrors = new LinkedBlockingQueue<>();

  /** Starts a server with {@code ctx} on an ephemeral port; returns the port. */
  int startServer(SslContext ctx) throws InterruptedException {
    serverChannel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addFirst("ssl", ctx.newHandler(ch.alloc()));
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void userEventTriggered(ChannelHandlerContext c, Object evt) {
                                if (evt instanceof SslHandshakeCompletionEvent e) {
                                  serverResults.add(e);
                                  if (e.isSuccess()) {
                                    c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {ACCEPTED}));
                                  } else {
                                    c.close();
                                  }
                                }
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext c, Throwable cause) {
                                c.close();
                              }
                            });
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The next server-side handshake outcome (waits up to 10 s). */
  SslHandshakeCompletionEvent nextServerResult() throws InterruptedException {
    SslHandshakeCompletionEvent e = serverResults.poll(10, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no server-side handshake result within 10 s");
    }
    return e;
  }

  /**
   * Connects with {@code ctx} (engine created with host and port, so the client may resume a cached
   * session). Completes true when the server's accept byte arrives, false when the channel closes
   * without it.
   */
  CompletableFuture<Boolean> connect(SslContext ctx, int port) {
    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    SslHandler ssl = ctx.newHandler(ch.alloc(), "127.0.0.1", port);
                    ch.pipeline().addFirst("ssl", ssl);
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext c, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                try {
                                  if (buf.isReadable() && buf.readByte() == ACCEPTED) {
                                    outcome.complete(true);
                                    c.close();
                                  }
                                } finally {
                                  buf.release();
                                }
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext c, Throwable cause) {
                                clientErrors.add(cause);
                                outcome.complete(false);
                                c.close();
                              }
                            });
                    ch.closeFuture().addListener(f -> outcome.complete(false));
                  }
                });
    b.connect("127.0.0.1", port)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                outcome.completeExceptionally(f.cause());
              }
            });
    return outcome;
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
