package jp.jukinet.sim.status;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
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

  /**
   * Polls until every expected link is up; returns the last status either way (check
   * {@link NetworkStatus#allLinksUp()}).
   */
  public NetworkStatus awaitAllLinksUp(NetworkState state, Duration timeout) throws InterruptedException {
    return awaitAllLinksUp(state, timeout, s -> {});
  }

  /** As {@link #awaitAllLinksUp(NetworkState, Duration)}, telling {@code eachRound} what every probe found. */
  public NetworkStatus awaitAllLinksUp(NetworkState state, Duration timeout, Consumer<NetworkStatus> eachRound)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      NetworkStatus s = probe(state, Duration.ofSeconds(5));
      eachRound.accept(s);
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
