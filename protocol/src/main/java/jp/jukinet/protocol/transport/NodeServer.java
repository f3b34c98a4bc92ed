package jp.jukinet.protocol.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.NodeTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's listening side: accepts mutual-TLS connections on the shared event-loop groups, runs the
 * Hello exchange and hands accepted connections' frames to the node's {@link EnvelopeHandler} and
 * their coming and going to its {@link LinkListener}.
 */
public final class NodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);

  private final PeerId self;
  private final Channel serverChannel;
  private final ChannelGroup channels;
  private final AcceptFailures acceptFailures;
  private final TransportCounters counters;

  private NodeServer(
      PeerId self,
      Channel serverChannel,
      ChannelGroup channels,
      AcceptFailures acceptFailures,
      TransportCounters counters) {
    this.self = self;
    this.serverChannel = serverChannel;
    this.channels = channels;
    this.acceptFailures = acceptFailures;
    this.counters = counters;
  }

  /**
   * Binds (port 0 picks a free port, see {@link #localAddress()}) and returns once listening. Every
   * accepted connection's frames go to {@code handler}, its coming and going to {@code links}.
   */
  public static NodeServer start(
      TransportResources resources,
      NodeTls tls,
      PeerId self,
      InetSocketAddress bind,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(links, "links");
    ChannelGroup channels =
        new DefaultChannelGroup(self.name() + "-connections", GlobalEventExecutor.INSTANCE);
    AcceptFailures acceptFailures = new AcceptFailures(self);
    TransportCounters counters = new TransportCounters();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(resources.boss(), resources.workers())
            .channel(resources.serverChannelClass())
            .handler(acceptFailures)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    PipelineConfigurator.configureServer(
                        ch, tls.serverContext(), self, handler, links, settings, counters);
                  }
                });
    Channel server = b.bind(bind).syncUninterruptibly().channel();
    LOG.info(
        "{}: listening on {} ({})", self.name(), server.localAddress(), resources.transportName());
    return new NodeServer(self, server, channels, acceptFailures, counters);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Connections this server could not accept (e.g. out of file descriptors) since it started. */
  public long acceptFailures() {
    return acceptFailures.count();
  }

  /** The listening channel, for tests that make it fail as an accept would. */
  Channel serverChannel() {
    return serverChannel;
  }

  public PeerId self() {
    return self;
  }

  /** What the accepted connections dropped or refused. */
  public TransportCounters counters() {
    return counters;
  }

  /** The connections whose Hello was accepted and that are still open. */
  public List<Connection> connections() {
    List<Connection> open = new ArrayList<>();
    for (Channel ch : channels) {
      ConnectionHandler c = ch.pipeline().get(ConnectionHandler.class);
      if (c != null && c.isActive()) {
        open.add(c);
      }
    }
    return open;
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    LOG.info("{}: stopped listening on {}", self.name(), serverChannel.localAddress());
  }
}
