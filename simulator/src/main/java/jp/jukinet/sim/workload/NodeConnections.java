package jp.jukinet.sim.workload;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.util.Futures;

/**
 * The simulator's client connections to nodes: one mutual-TLS connection per node, dialled on first
 * use and kept between calls, dialled again once it failed or closed. Each node is dialled with the
 * certificate {@code tlsFor} gives (the monitor's, or the CS's operator's).
 */
public final class NodeConnections implements AutoCloseable {
  private static final EnvelopeHandler IGNORE = (connection, envelope) -> {};

  private final TransportResources resources;
  private final TransportSettings settings;
  private final Function<PeerId, NodeTls> tlsFor;
  private final Duration connectWithin;
  private final Map<PeerId, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();

  /**
   * @param tlsFor the certificate to dial each node with
   * @param connectWithin how long a connection may take to come up
   */
  public NodeConnections(
      TransportResources resources,
      TransportSettings settings,
      Function<PeerId, NodeTls> tlsFor,
      Duration connectWithin) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tlsFor = Objects.requireNonNull(tlsFor, "tlsFor");
    this.connectWithin = Objects.requireNonNull(connectWithin, "connectWithin");
  }

  /**
   * Connections that dial every node with one certificate ({@code tls}) within the connect timeout.
   */
  public static NodeConnections as(
      TransportResources resources, TransportSettings settings, NodeTls tls) {
    Objects.requireNonNull(tls, "tls");
    return new NodeConnections(resources, settings, node -> tls, settings.connectTimeout());
  }

  /**
   * The connection to {@code node}: the kept one while it is coming up or active, else a new one.
   */
  public CompletableFuture<Connection> connection(PeerId node, InetSocketAddress address) {
    return connections.compute(
        node,
        (id, existing) -> {
          if (existing != null && !dead(existing)) {
            return existing;
          }
          NodeTls tls =
              tlsFor.apply(node); // a missing certificate is thrown, not a failed connection
          try {
            return TransportClient.connect(
                    resources, tls, tls.self(), node, address, IGNORE, settings)
                .orTimeout(connectWithin.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(
                    e ->
                        CompletableFuture.failedFuture(
                            Futures.unwrap(e) instanceof TimeoutException t
                                    && t.getMessage() == null
                                ? new TimeoutException(
                                    "no connection to "
                                        + node
                                        + " at "
                                        + address.getHostString()
                                        + ":"
                                        + address.getPort()
                                        + " within "
                                        + Deadline.describe(connectWithin))
                                : e));
          } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
          }
        });
  }

  /**
   * One request to {@code node}; when it fails, the connection is dropped so that the next call
   * dials afresh.
   */
  public CompletableFuture<Envelope> request(
      PeerId node, InetSocketAddress address, Envelope.Builder request, Duration timeout) {
    CompletableFuture<Connection> conn = connection(node, address);
    return conn.thenCompose(c -> c.request(request, timeout))
        .whenComplete(
            (e, err) -> {
              if (err != null) {
                connections.remove(node, conn);
              }
            });
  }

  /** Drops the connection to {@code node} when it failed or closed; whether it did. */
  public boolean dropIfDead(PeerId node) {
    CompletableFuture<Connection> c = connections.get(node);
    return c != null && dead(c) && connections.remove(node, c);
  }

  private static boolean dead(CompletableFuture<Connection> c) {
    return c.isCompletedExceptionally() || (c.isDone() && !c.join().isActive());
  }

  @Override
  public void close() {
    connections.values().forEach(f -> f.thenAccept(Connection::close));
    connections.clear();
  }
}
