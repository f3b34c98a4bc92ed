package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.verify.MonitorClient;
import jp.jukinet.sim.verify.Verifier;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * The checks' view of the network, as the monitor (監視端末, its certificate in the run directory's
 * PKI): every node's records and status over one connection per node.
 */
final class Monitor implements AutoCloseable {
  /** How long one node may take to answer one request of a check. */
  static final Duration ASK = Duration.ofSeconds(20);

  private final NodeConnections connections;
  private final MonitorClient records;
  private final StatusCollector status;

  Monitor(ScenarioNetwork network, NodeRuntime runtime) {
    NodeTls tls = NodeTls.load(network.dir().pkiDir(), StatusCollector.MONITOR);
    this.connections = NodeConnections.as(runtime.transport(), TransportSettings.defaults(), tls);
    this.records = new MonitorClient(connections, ASK);
    this.status = new StatusCollector(connections);
  }

  Verifier verifier() {
    return new Verifier(records, status, Clock.systemUTC());
  }

  /** The monitor's connections, for the provision checks and 開示. */
  NodeConnections connections() {
    return connections;
  }

  MonitorClient records() {
    return records;
  }

  /** Every node's status, answered or not. */
  List<StatusCollector.Answer> statuses(NetworkState state) {
    return status.collect(addresses(state), ASK);
  }

  /** These nodes' status, answered within {@code timeout} or not. */
  List<StatusCollector.Answer> statuses(Map<PeerId, InetSocketAddress> nodes, Duration timeout) {
    return status.collect(nodes, timeout);
  }

  static Map<PeerId, InetSocketAddress> addresses(NetworkState state) {
    Map<PeerId, InetSocketAddress> out = new LinkedHashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.port() > 0) {
        out.put(n.id(), new InetSocketAddress(n.host(), n.port()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    connections.close();
  }
}
