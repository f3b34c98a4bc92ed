package jp.jukinet.protocol.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop groups shared by every node in one JVM (one boss, one worker group), so that {@code
 * --in-jvm} with 1,789 nodes does not create threads per node. Epoll when available, NIO otherwise.
 * Every {@link NodeServer}, {@link UpstreamLink} and {@link TransportClient} is handed one of
 * these; closing it stops them all.
 */
public final class TransportResources implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final boolean epoll;

  private TransportResources(int workerThreads, boolean epoll) {
    if (workerThreads < 1) {
      throw new IllegalArgumentException("worker threads " + workerThreads + " must be at least 1");
    }
    this.epoll = epoll;
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    // One boss thread is plenty: it only accepts; the handshake and everything after run on
    // workers.
    this.boss = new MultiThreadIoEventLoopGroup(1, io);
    this.workers = new MultiThreadIoEventLoopGroup(workerThreads, io);
  }

  /** Epoll when the native transport loads, NIO otherwise. */
  public static TransportResources create(int workerThreads) {
    return new TransportResources(workerThreads, Epoll.isAvailable());
  }

  public EventLoopGroup boss() {
    return boss;
  }

  public EventLoopGroup workers() {
    return workers;
  }

  public Class<? extends ServerChannel> serverChannelClass() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> channelClass() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** "epoll" or "nio". */
  public String transportName() {
    return epoll ? "epoll" : "nio";
  }

  @Override
  public void close() {
    var b = boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    var w = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    b.awaitUninterruptibly(10, TimeUnit.SECONDS);
    w.awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}
