package jp.jukinet.sim.bench.peers;

import com.google.protobuf.CodedOutputStream;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.sim.bench.BenchPki;
import org.HdrHistogram.Recorder;

/**
 * The protocol ceiling: raw Netty (the project's Netty and its TLS contexts), 4-byte
 * length-prefixed frames, and an echo in which the server parses and re-serialises the record and
 * the client serialises every request and parses every answer. No Hello, no envelope, no
 * correlation ids, no heartbeats: what jukinet's transport adds to a round trip is the difference.
 * Each side flushes once per read batch.
 */
final class NettyEchoPeer extends EchoPeerBase {
  private static final int MAX_FRAME = 1 << 20;

  private final TransportResources serverResources;
  private final TransportResources clientResources;
  private final Channel server;
  private final List<Channel> channels = new ArrayList<>();
  private final List<EchoClient> clients = new ArrayList<>();
  private String tls = "?";

  private NettyEchoPeer(
      IdentityInfo record,
      int window,
      TransportResources serverResources,
      TransportResources clientResources,
      Channel server) {
    super(record, window);
    this.serverResources = serverResources;
    this.clientResources = clientResources;
    this.server = server;
  }

  /** Binds the echo server and opens {@code conns} connections, handshakes done. */
  static NettyEchoPeer start(
      BenchPki pki,
      IdentityInfo record,
      int conns,
      int window,
      int serverThreads,
      int clientThreads)
      throws InterruptedException {
    TransportResources serverResources = TransportResources.create(serverThreads);
    TransportResources clientResources = TransportResources.create(clientThreads);
    SslContext serverTls = pki.serverTls().serverContext();
    Channel server;
    try {
      EchoServer echo = new EchoServer();
      server =
          new ServerBootstrap()
              .group(serverResources.boss(), serverResources.workers())
              .channel(serverResources.serverChannelClass())
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              serverTls.newHandler(ch.alloc()),
                              new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                              new LengthFieldPrepender(4),
                              echo);
                    }
                  })
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .sync()
              .channel();
    } catch (InterruptedException | RuntimeException e) {
      clientResources.close();
      serverResources.close();
      throw e;
    }
    NettyEchoPeer peer =
        new NettyEchoPeer(record, window, serverResources, clientResources, server);
    try {
      peer.connect(pki.clientTls().clientContext(), conns);
    } catch (InterruptedException | RuntimeException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  private void connect(SslContext clientTls, int conns) throws InterruptedException {
    InetSocketAddress address = (InetSocketAddress) server.localAddress();
    for (int i = 0; i < conns; i++) {
      EchoClient client = new EchoClient();
      Channel ch =
          new Bootstrap()
              .group(clientResources.workers())
              .channel(clientResources.channelClass())
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              clientTls.newHandler(
                                  ch.alloc(), address.getHostString(), address.getPort()),
                              new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                              new LengthFieldPrepender(4),
                              client);
                    }
                  })
              .connect(address)
              .sync()
              .channel();
      channels.add(ch);
      clients.add(client);
      SslHandler ssl = ch.pipeline().get(SslHandler.class);
      ssl.handshakeFuture().sync();
      SSLSession session = ssl.engine().getSession();
      tls = session.getProtocol() + "/" + session.getCipherSuite();
    }
  }

  @Override
  public List<Recorder> start() {
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      Channel ch = channels.get(i);
      EchoClient client = clients.get(i);
      recorders.add(client.recorder);
      ch.eventLoop().execute(() -> client.start(ch.pipeline().context(client)));
    }
    return recorders;
  }

  @Override
  public String wire() {
    return "transport=" + clientResources.transportName() + " tls=" + tls;
  }

  @Override
  public void close() {
    stop();
    for (Channel ch : channels) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    clientResources.close();
    serverResources.close();
  }

  /** Serialises straight into a pooled buffer: no intermediate byte array. */
  static ByteBuf encode(ChannelHandlerContext ctx, IdentityInfo msg) {
    int size = msg.getSerializedSize();
    ByteBuf out = ctx.alloc().buffer(size);
    try {
      CodedOutputStream cos = CodedOutputStream.newInstance(out.nioBuffer(out.writerIndex(), size));
      msg.writeTo(cos);
      cos.flush();
    } catch (IOException e) {
      out.release();
      throw new IllegalStateException("cannot serialise the echo record", e);
    }
    return out.writerIndex(out.writerIndex() + size);
  }

  static IdentityInfo decode(ByteBuf frame) throws IOException {
    try {
      return IdentityInfo.parseFrom(frame.nioBuffer());
    } finally {
      frame.release();
    }
  }

  /** Parses every frame and writes the record back. */
  @Sharable
  static final class EchoServer extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
      ctx.write(encode(ctx, decode((ByteBuf) msg)));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** One connection's closed loop: every answer sends the next request. */
  final class EchoClient extends ChannelInboundHandlerAdapter {
    final Recorder recorder = new Recorder(60_000_000_000L, 3);
    private final SendTimes sent = new SendTimes(window);

    void start(ChannelHandlerContext ctx) {
      for (int i = 0; i < window; i++) {
        send(ctx);
      }
      ctx.flush();
    }

    private void send(ChannelHandlerContext ctx) {
      ByteBuf request = encode(ctx, record);
      sent.sent(System.nanoTime());
      ctx.write(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
      IdentityInfo answer = decode((ByteBuf) msg);
      answered(answer, sent.answered(System.nanoTime()), recorder);
      if (!stopping()) {
        send(ctx);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failed();
      ctx.close();
    }
  }
}
