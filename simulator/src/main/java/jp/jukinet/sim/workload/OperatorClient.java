package jp.jukinet.sim.workload;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.topology.Topology;

/**
 * The municipalities' operators (既存住基システム / CS端末) as one client: for each CS a mutual-TLS
 * connection made with its operator certificate {@code op-<code>-01}, opened on first use and
 * kept, through which resident operations and queries are sent. The CSs' addresses come from the
 * run directory's state file; their files are never opened. Used by {@code jukinet cs} (one
 * request) and {@code jukinet demo} (many, concurrently).
 */
public final class OperatorClient implements AutoCloseable {
  private static final EnvelopeHandler IGNORE = (connection, envelope) -> { };

  private final TransportResources resources;
  private final Path pkiDir;
  private final Map<PeerId, InetSocketAddress> addresses;
  private final Duration timeout;
  private final Map<PeerId, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();

  /**
   * @param addresses every CS's address, by CS
   * @param timeout how long a connection and each answer may take
   */
  public OperatorClient(TransportResources resources, Path pkiDir, Map<PeerId, InetSocketAddress> addresses,
      Duration timeout) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.pkiDir = Objects.requireNonNull(pkiDir, "pkiDir");
    this.addresses = Map.copyOf(addresses);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The CSs of a network as its state file records them (those that published their port). */
  public static Map<PeerId, InetSocketAddress> csAddresses(NetworkState state) {
    Map<PeerId, InetSocketAddress> out = new java.util.LinkedHashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.id().role() == jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_CS && n.port() > 0) {
        out.put(n.id(), new InetSocketAddress(n.host(), n.port()));
      }
    }
    return out;
  }

  /** The operator that works at {@code cs}: OPERATOR {@code <code>-01}. */
  public static PeerId operatorOf(LocalGovernmentCode cs) {
    return Topology.operatorOf(PeerId.cs(cs.value()));
  }

  /**
   * Sends one request as {@code cs}'s operator. The future fails with
   * {@link jp.jukinet.protocol.transport.RemoteErrorException} when the CS refuses,
   * {@link OperatorException} when the CS cannot be reached or does not answer in time.
   */
  public CompletableFuture<Envelope> send(LocalGovernmentCode cs, Envelope.Builder request) {
    PeerId node = PeerId.cs(cs.value());
    PeerId operator = operatorOf(cs);
    InetSocketAddress address = addresses.get(node);
    if (address == null) {
      return CompletableFuture.failedFuture(new OperatorException(OperatorException.Kind.NO_SUCH_CS,
          "the network has no CS " + cs + " with a published port"));
    }
    Envelope.Builder r = request.clone().setOperatorId(operator.code());
    return connection(node, operator, address)
        .thenCompose(c -> c.request(r, timeout))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(node, address, e)));
  }

  /** {@link #send} and wait; the exceptions of the future are thrown unwrapped. */
  public Envelope call(LocalGovernmentCode cs, Envelope.Builder request) throws InterruptedException {
    try {
      return send(cs, request).get(timeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new OperatorException(OperatorException.Kind.FAILED, cause.toString());
    } catch (TimeoutException e) {
      throw new OperatorException(OperatorException.Kind.NO_ANSWER, "no answer from cs-" + cs.value() + " within "
          + timeout.toSeconds() + " s");
    }
  }

  private CompletableFuture<Connection> connection(PeerId node, PeerId operator, InetSocketAddress address) {
    return connections.compute(node, (id, existing) -> {
      if (existing != null && (!existing.isDone()
          || (!existing.isCompletedExceptionally() && existing.join().isActive()))) {
        return existing;
      }
      NodeTls tls = NodeTls.load(pkiDir, operator);
      CompletableFuture<Connection> f = TransportClient.connect(resources, tls, operator, node, address, IGNORE,
          TransportSettings.defaults());
      return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  private Throwable translate(PeerId node, InetSocketAddress address, Throwable e) {
    Throwable cause = unwrap(e);
    if (cause instanceof jp.jukinet.protocol.transport.RemoteErrorException || cause instanceof OperatorException) {
      return cause;
    }
    CompletableFuture<Connection> c = connections.get(node);
    if (c != null && (c.isCompletedExceptionally() || (c.isDone() && !c.join().isActive()))) {
      connections.remove(node, c);
      return new OperatorException(OperatorException.Kind.UNREACHABLE, "cannot reach " + node + " at "
          + address.getHostString() + ":" + address.getPort() + ": " + message(cause));
    }
    if (cause instanceof TimeoutException) {
      return new OperatorException(OperatorException.Kind.NO_ANSWER, "no answer from " + node + " within "
          + timeout.toSeconds() + " s");
    }
    return new OperatorException(OperatorException.Kind.FAILED, "request to " + node + " failed: " + message(cause));
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void close() {
    connections.values().forEach(f -> f.thenAccept(Connection::close));
    connections.clear();
  }
}
