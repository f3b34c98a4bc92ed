package jp.jukinet.sim.workload;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.topology.Topology;

/**
 * The municipalities' operators (既存住基システム / CS端末) as one client: for each CS a mutual-TLS
 * connection made with its operator certificate {@code op-<code>-01}, opened on first use and kept,
 * through which resident operations and queries are sent. The CSs' addresses come from the run
 * directory's state file; their files are never opened. Used by {@code jukinet cs} (one request)
 * and {@code jukinet demo} (many, concurrently).
 */
public final class OperatorClient implements AutoCloseable {
  private static final long GRACE_MILLIS = 500;

  private final Map<PeerId, InetSocketAddress> addresses;
  private final Duration timeout;
  private final NodeConnections connections;

  /**
   * @param addresses every CS's address, by CS
   * @param timeout how long a connection and its answer may take together
   */
  public OperatorClient(
      TransportResources resources,
      Path pkiDir,
      Map<PeerId, InetSocketAddress> addresses,
      Duration timeout) {
    Objects.requireNonNull(pkiDir, "pkiDir");
    this.addresses = Map.copyOf(addresses);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.connections =
        new NodeConnections(
            resources,
            TransportSettings.defaults(),
            node -> NodeTls.load(pkiDir, Topology.operatorOf(node)),
            timeout);
  }

  /** The CSs of a network as its state file records them (those that published their port). */
  public static Map<PeerId, InetSocketAddress> csAddresses(NetworkState state) {
    Map<PeerId, InetSocketAddress> out = new LinkedHashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.id().role() == NodeRole.NODE_ROLE_CS && n.port() > 0) {
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
   * Sends one request as {@code cs}'s operator; connection and answer take at most the timeout
   * together. The future fails with {@link RemoteErrorException} when the CS refuses, {@link
   * OperatorException} when the CS cannot be reached or does not answer in time.
   */
  public CompletableFuture<Envelope> send(LocalGovernmentCode cs, Envelope.Builder request) {
    return send(cs, request, Deadline.in(timeout));
  }

  private CompletableFuture<Envelope> send(
      LocalGovernmentCode cs, Envelope.Builder request, Deadline deadline) {
    PeerId node = PeerId.cs(cs.value());
    InetSocketAddress address = addresses.get(node);
    if (address == null) {
      return CompletableFuture.failedFuture(
          new OperatorException(
              OperatorException.Kind.NO_SUCH_CS,
              "the network has no CS " + cs + " with a published port"));
    }
    Envelope.Builder r = request.clone();
    return connections
        .connection(node, address)
        .thenCompose(c -> c.request(r, deadline.remaining()))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(node, address, e)));
  }

  /**
   * {@link #send} and wait, at most the timeout; the exceptions of the future are thrown unwrapped.
   */
  public Envelope call(LocalGovernmentCode cs, Envelope.Builder request)
      throws InterruptedException {
    Deadline deadline = Deadline.in(timeout);
    try {
      // A little past the deadline: the request's own timeout says more (or the answer arrives).
      return send(cs, request, deadline)
          .get(deadline.remaining().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new OperatorException(OperatorException.Kind.FAILED, cause.toString());
    } catch (TimeoutException e) {
      throw noAnswer(PeerId.cs(cs.value()));
    }
  }

  private Throwable translate(PeerId node, InetSocketAddress address, Throwable e) {
    Throwable cause = Futures.unwrap(e);
    if (cause instanceof RemoteErrorException || cause instanceof OperatorException) {
      return cause;
    }
    if (connections.dropIfDead(node)) {
      return new OperatorException(
          OperatorException.Kind.UNREACHABLE,
          "cannot reach "
              + node
              + " at "
              + address.getHostString()
              + ":"
              + address.getPort()
              + ": "
              + message(cause));
    }
    if (cause instanceof TimeoutException) {
      return noAnswer(node);
    }
    return new OperatorException(
        OperatorException.Kind.FAILED, "request to " + node + " failed: " + message(cause));
  }

  private OperatorException noAnswer(PeerId node) {
    return new OperatorException(
        OperatorException.Kind.NO_ANSWER,
        "no answer from " + node + " within " + Deadline.describe(timeout));
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void close() {
    connections.close();
  }
}
