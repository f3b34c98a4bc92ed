package jp.jukinet.protocol.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.NodeTls;

/**
 * One outgoing connection, for CLI operators, agencies, monitors and benchmarks (nodes use {@link
 * UpstreamLink}, which reconnects).
 */
public final class TransportClient {
  private TransportClient() {}

  /**
   * Dials {@code address}, expecting the server's certificate to name {@code expectedServer}. The
   * future completes after HelloAccepted, or fails with: {@link RemoteErrorException} when the
   * server refused the Hello (its code and message), an {@link javax.net.ssl.SSLException} when TLS
   * failed, {@link TimeoutException} after the connect timeout, an {@link IOException} otherwise.
   */
  public static CompletableFuture<Connection> connect(
      TransportResources resources,
      NodeTls tls,
      PeerId self,
      PeerId expectedServer,
      InetSocketAddress address,
      EnvelopeHandler handler,
      TransportSettings settings) {
    return connect(
        resources,
        tls,
        self,
        expectedServer,
        address,
        handler,
        LinkListener.NONE,
        settings,
        new TransportCounters());
  }

  /**
   * As above, telling {@code links} when the connection comes up and goes down, counting into
   * {@code counters}.
   */
  static CompletableFuture<Connection> connect(
      TransportResources resources,
      NodeTls tls,
      PeerId self,
      PeerId expectedServer,
      InetSocketAddress address,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings,
      TransportCounters counters) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    Bootstrap b =
        new Bootstrap()
            .group(resources.workers())
            .channel(resources.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    PipelineConfigurator.configureClient(
                        ch,
                        tls.clientContext(),
                        self,
                        expectedServer,
                        address,
                        handler,
                        links,
                        settings,
                        counters,
                        result);
                  }
                });
    ChannelFuture connecting = b.connect(address);
    Channel channel = connecting.channel();
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(
                new IOException(
                    self.name()
                        + ": cannot connect to "
                        + expectedServer
                        + " at "
                        + address
                        + ": "
                        + f.cause().getMessage(),
                    f.cause()));
          }
        });
    var timer =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  result.completeExceptionally(
                      new TimeoutException(
                          self.name()
                              + ": connection to "
                              + expectedServer
                              + " at "
                              + address
                              + " not up within "
                              + settings.connectTimeout().toMillis()
                              + " ms"));
                },
                settings.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    result.whenComplete(
        (c, e) -> {
          timer.cancel(false);
          if (e != null) {
            channel.close();
          }
        });
    return result;
  }
}
