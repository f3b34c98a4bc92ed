package jp.jukinet.sim.status;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * Asks nodes for their NodeStatus as the simulator's monitor ({@code monitor-01}), over the same
 * mutual TLS as any peer. Keeps one connection per node between polls, so waiting for a large
 * network does not open thousands of connections.
 */
public final class StatusCollector implements AutoCloseable {
  /** The identity the simulator uses to query nodes. */
  public static final PeerId MONITOR = PeerId.parse("monitor-01");

  private final NodeConnections connections;

  public StatusCollector(TransportResources resources, NodeTls monitorTls, TransportSettings settings) {
    Objects.requireNonNull(monitorTls, "monitorTls");
    this.connections = new NodeConnections(resources, settings, node -> monitorTls, settings.connectTimeout());
  }

  /** One node's answer, or why there is none. */
  public record Answer(PeerId node, InetSocketAddress address, NodeStatus status, String error) {
    public boolean answered() {
      return status != null;
    }
  }

  /** Queries in flight at once. */
  static final int WINDOW = 64;

  /** Queries every node in parallel; waits at most {@code timeout} in total. */
  public List<Answer> collect(Map<PeerId, InetSocketAddress> nodes, Duration timeout) {
    Map<PeerId, CompletableFuture<NodeStatus>> pending = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    // At most WINDOW handshakes at once: 1,789 at once (japan) starve each other past the connect timeout.
    Semaphore window = new Semaphore(WINDOW);
    for (Map.Entry<PeerId, InetSocketAddress> n : nodes.entrySet()) {
      try {
        if (!window.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          pending.put(n.getKey(), CompletableFuture.failedFuture(new TimeoutException("not asked within "
              + timeout.toMillis() + " ms")));
          continue;
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
      pending.put(n.getKey(), query(n.getKey(), n.getValue(), timeout).whenComplete((s, err) -> window.release()));
    }
    List<Answer> answers = new ArrayList<>();
    for (var e : pending.entrySet()) {
      InetSocketAddress address = nodes.get(e.getKey());
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        answers.add(new Answer(e.getKey(), address, e.getValue().get(left, TimeUnit.NANOSECONDS), null));
      } catch (ExecutionException ex) {
        answers.add(new Answer(e.getKey(), address, null, describe(ex)));
      } catch (TimeoutException ex) {
        answers.add(new Answer(e.getKey(), address, null, "no answer within " + timeout.toMillis() + " ms"));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        answers.add(new Answer(e.getKey(), address, null, "interrupted"));
      }
    }
    return answers;
  }

  private CompletableFuture<NodeStatus> query(PeerId node, InetSocketAddress address, Duration timeout) {
    return connections.request(node, address,
            Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance()), timeout)
        .thenApply(env -> {
          if (!env.hasNodeStatus()) {
            throw new IllegalStateException(node + " answered " + env.getBodyCase() + " instead of NodeStatus");
          }
          return env.getNodeStatus();
        });
  }

  private static String describe(Throwable failure) {
    Throwable t = Futures.unwrap(failure);
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    connections.close();
  }
}
