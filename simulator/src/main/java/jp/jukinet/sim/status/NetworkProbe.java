package jp.jukinet.sim.status;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;

/** Asks every node of a recorded network for its status, as the monitor, and waits for links. */
public final class NetworkProbe implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final StatusCollector collector;

  public NetworkProbe(Path pkiDir, NodeRuntime runtime) {
    this.collector = new StatusCollector(
        runtime.transport(), NodeTls.load(pkiDir, StatusCollector.MONITOR), TransportSettings.defaults());
  }

  public NetworkStatus probe(NetworkState state, Duration timeout) {
    Map<PeerId, InetSocketAddress> addresses = new LinkedHashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.port() > 0) {
        addresses.put(n.id(), new InetSocketAddress(n.host(), n.port()));
      }
    }
    return NetworkStatus.of(state.mode(), state.topology(), state.nodes(), collector.collect(addresses, timeout));
  }

  /** One node's own NodeStatus (its links and counters); IllegalStateException when it does not answer. */
  public NodeStatus nodeStatus(NetworkState.Node node, Duration timeout) {
    StatusCollector.Answer a = collector.collect(Map.of(node.id(), new InetSocketAddress(node.host(), node.port())),
        timeout).get(0);
    if (!a.answered()) {
      throw new IllegalStateException(node.id() + " did not answer its status: " + a.error());
    }
    return a.status();
  }

  /**
   * Polls until every expected link is up; returns the last status either way (check
   * {@link NetworkStatus#allLinksUp()}).
   */
  public NetworkStatus awaitAllLinksUp(NetworkState state, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      NetworkStatus s = probe(state, Duration.ofSeconds(5));
      if ((s.allLinksUp() && s.allAnswering()) || System.nanoTime() > deadline) {
        return s;
      }
      Thread.sleep(POLL.toMillis()); // polling a remote state: nothing to wait on locally
    }
  }

  @Override
  public void close() {
    collector.close();
  }
}
