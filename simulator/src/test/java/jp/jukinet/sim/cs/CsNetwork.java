package jp.jukinet.sim.cs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.jukinet.cs.CsNode;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.PeerClient;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.testing.TestTopologies;
import jp.jukinet.sim.workload.OperatorClient;

/**
 * The CS tests' network: 甲府市 and 富士吉田市 under 山梨県's prefecture server and the national server, all
 * real, in one JVM so the tests can look into the CS's store and the prefecture server's registry;
 * an operator at each CS.
 */
final class CsNetwork implements AutoCloseable {
  static final String KOFU = "192015";
  static final String FUJIYOSHIDA = "192023";
  static final PeerId PREF = PeerId.prefecture("190004");
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");
  private static final Duration WAIT = Duration.ofSeconds(60);

  final LocalNetwork net;
  private final NodeRuntime runtime = NodeRuntime.create(1, 1);
  private final OperatorClient operators;

  CsNetwork(TestNetworks networks, Path dir) {
    net = networks.start(TestTopologies.load(TestTopologies.KOFU_FUJIYOSHIDA), Mode.IN_JVM, dir);
    net.awaitAllLinksUp(WAIT);
    operators =
        new OperatorClient(
            runtime.transport(),
            net.directory().pkiDir(),
            OperatorClient.csAddresses(net.state()),
            WAIT);
  }

  CsNode node(String code) {
    return (CsNode) net.inJvmNode(PeerId.cs(code));
  }

  PrefServer ps() {
    return (PrefServer) net.inJvmNode(PREF);
  }

  /** The highest change sequence of {@code cs} the prefecture server applied. */
  long highWaterMark(String cs) {
    return ps().appliedThrough().getOrDefault(cs, 0L);
  }

  /** The prefecture server's current record under {@code code}. */
  java.util.Optional<IdentityInfo> atPs(String code) {
    return ps().registry().current(code);
  }

  /** The prefecture server's end of its link with {@code cs}, to send what that server would. */
  Connection prefectureLinkTo(String cs) {
    PeerId id = PeerId.cs(cs);
    return ps().transport().server().connections().stream()
        .filter(c -> c.peer().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(id + " is not connected to " + PREF));
  }

  /**
   * A new connection as {@code client} (e.g. a monitor) to the CS {@code cs}; the caller closes it.
   */
  Connection connect(PeerId client, String cs) throws Exception {
    return PeerClient.connect(net, runtime, client, PeerId.cs(cs));
  }

  /**
   * As {@link #connect(PeerId, String)}, presenting {@code tls} instead of the PKI's certificate.
   */
  Connection connect(PeerId client, NodeTls tls, String cs) throws Exception {
    return PeerClient.connect(net, runtime, tls, client, PeerId.cs(cs));
  }

  /** Stops a CS cleanly (its queued commits written). */
  void stop(String code) {
    net.stop(PeerId.cs(code));
  }

  /** Starts a stopped CS again on its port and waits for its links. */
  void start(String code) {
    net.restart(PeerId.cs(code));
    net.awaitAllLinksUp(WAIT);
  }

  /** Sends as {@code cs}'s operator; the future fails with the CS's refusal. */
  java.util.concurrent.CompletableFuture<Envelope> send(String cs, Envelope.Builder body) {
    return operators.send(LocalGovernmentCode.parse(cs), body);
  }

  Envelope request(String cs, Envelope.Builder body) throws Exception {
    return send(cs, body).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  ResidentOperationResponse operate(String cs, ResidentOperationRequest.Builder op)
      throws Exception {
    return request(cs, Envelope.newBuilder().setResidentOperationRequest(op))
        .getResidentOperationResponse();
  }

  @Override
  public void close() {
    operators.close();
    runtime.close();
  }
}
