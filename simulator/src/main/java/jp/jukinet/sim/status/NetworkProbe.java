package jp.jukinet.sim.status;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.workload.Deadline;

/** Asks every node of a recorded network for its status, as the monitor, and waits for links. */
public final class NetworkProbe implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * The deadline of each probe while waiting for links: a node that does not answer is asked again.
   */
  private static final Duration PROBE = Duration.ofSeconds(5);

  /** Even the last probe gives the nodes this long: a shorter one would report them all silent. */
  private static final Duration MIN_PROBE = Duration.ofSeconds(1);

  private final StatusCollector collector;

  public NetworkProbe(Path pkiDir, NodeRuntime runtime) {
    this.collector =
        new StatusCollector(
            runtime.transport(),
            NodeTls.load(pkiDir, StatusCollector.MONITOR),
            TransportSettings.defaults());
  }

  /** Every node's status; those that have not answered within {@code timeout} are marked so. */
  public NetworkStatus probe(NetworkState state, Duration timeout) {
    Map<PeerId, InetSocketAddress> addresses = new LinkedHashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.port() > 0) {
        addresses.put(n.id(), new InetSocketAddress(n.host(), n.port()));
      }
    }
    return NetworkStatus.of(
        state.mode(), state.topology(), state.nodes(), collector.collect(addresses, timeout));
  }

  /**
   * One node's own NodeStatus (its links and counters); IllegalStateException when it does not
   * answer.
   */
  public NodeStatus nodeStatus(NetworkState.Node node, Duration timeout) {
    StatusCollector.Answer a =
        collector
            .collect(Map.of(node.id(), new InetSocketAddress(node.host(), node.port())), timeout)
            .get(0);
    if (!a.answered()) {
      throw new IllegalStateException(node.id() + " did not answer its status: " + a.error());
    }
    return a.status();
  }

  /**
   * Polls until every expected link is up; returns the last status either way (check {@link
   * NetworkStatus#allLinksUp()}).
   */
  public NetworkStatus awaitAllLinksUp(NetworkState state, Duration timeout)
      throws InterruptedException {
    return awaitAllLinksUp(state, timeout, s -> {});
  }

  /**
   * As {@link #awaitAllLinksUp(NetworkState, Duration)}, telling {@code eachRound} what every probe
   * found.
   */
  public NetworkStatus awaitAllLinksUp(
      NetworkState state, Duration timeout, Consumer<NetworkStatus> eachRound)
      throws InterruptedException {
    Deadline deadline = Deadline.in(timeout);
    while (true) {
      Duration left = deadline.remaining();
      NetworkStatus s = probe(state, left.compareTo(PROBE) < 0 ? max(left, MIN_PROBE) : PROBE);
      eachRound.accept(s);
      if ((s.allLinksUp() && s.allAnswering()) || deadline.passed()) {
        return s;
      }
      Thread.sleep(POLL.toMillis()); // polling a remote state: nothing to wait on locally
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  @Override
  public void close() {
    collector.close();
  }
}
