package jp.jukinet.sim.status;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.LinkState;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.Fanout;
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

  public StatusCollector(
      TransportResources resources, NodeTls monitorTls, TransportSettings settings) {
    this(NodeConnections.as(resources, settings, monitorTls));
  }

  /**
   * Connections to every node as the monitor, with its certificate from the run's PKI in {@code
   * pkiDir} and default transport settings.
   */
  public static NodeConnections monitorConnections(TransportResources resources, Path pkiDir) {
    return NodeConnections.as(
        resources, TransportSettings.defaults(), NodeTls.load(pkiDir, MONITOR));
  }

  /**
   * On the monitor's {@code connections}, which the caller may share (e.g. with a {@code
   * MonitorClient}).
   */
  public StatusCollector(NodeConnections connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /** One node's answer, or why there is none. */
  public record Answer(PeerId node, InetSocketAddress address, NodeStatus status, String error) {
    public boolean answered() {
      return status != null;
    }

    /** Whether the node answered with an inbound link UP from {@code client}. */
    public boolean acceptedFrom(PeerId client) {
      if (status == null) {
        return false;
      }
      for (LinkStatus l : status.getLinksList()) {
        if (!l.getOutbound()
            && l.getState() == LinkState.LINK_STATE_UP
            && PeerId.fromProto(l.getPeer()).equals(client)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Queries every node in parallel; waits at most {@code timeout} in total. */
  public List<Answer> collect(Map<PeerId, InetSocketAddress> nodes, Duration timeout) {
    try {
      return collect(nodes, Deadline.in(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      List<Answer> answers = new ArrayList<>();
      nodes.forEach((node, address) -> answers.add(new Answer(node, address, null, "interrupted")));
      return answers;
    }
  }

  /**
   * Queries every node in parallel, at most {@link Fanout#WINDOW} at a time, and waits until {@code
   * deadline}: a node that has not answered by then is reported as such.
   */
  public List<Answer> collect(Map<PeerId, InetSocketAddress> nodes, Deadline deadline)
      throws InterruptedException {
    Map<PeerId, Fanout.Outcome<NodeStatus>> outcomes =
        Fanout.ask(
            nodes.keySet(),
            node -> query(node, nodes.get(node), deadline.remaining()),
            deadline,
            Fanout.WINDOW);
    List<Answer> answers = new ArrayList<>();
    outcomes.forEach(
        (node, o) -> answers.add(new Answer(node, nodes.get(node), o.value(), o.error())));
    return answers;
  }

  private CompletableFuture<NodeStatus> query(
      PeerId node, InetSocketAddress address, Duration timeout) {
    return connections
        .request(
            node,
            address,
            Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance()),
            timeout)
        .thenApply(
            env -> {
              if (!env.hasNodeStatus()) {
                throw new IllegalStateException(
                    node + " answered " + env.getBodyCase() + " instead of NodeStatus");
              }
              return env.getNodeStatus();
            });
  }

  @Override
  public void close() {
    connections.close();
  }
}
