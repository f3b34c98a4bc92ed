package jp.jukinet.cs;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;

/** One prefecture (a {@link TestPrefServer}) with real CS nodes, and operator connections to them. */
final class CsTestNetwork implements AutoCloseable {
  static final PeerId PREF = PeerId.prefecture("190004");
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");

  final Path dir;
  final TestPki pki;
  final NodeRuntime runtime;
  final CsSettings settings;
  TestPrefServer ps;
  private int psPort;
  private final Map<String, CsNode> nodes = new HashMap<>();
  private final Map<String, Connection> operators = new HashMap<>();

  CsTestNetwork(Path dir, CsSettings settings, String... csCodes) {
    this(dir, settings, Clock.systemUTC(), csCodes);
  }

  /** With the nodes on {@code clock} (e.g. shifted, to test date rules against "today"). */
  CsTestNetwork(Path dir, CsSettings settings, Clock clock, String... csCodes) {
    this.runtime = new NodeRuntime(TransportResources.create(2), Executors.newFixedThreadPool(4), clock,
        NodeRuntime.SINGLE_NODE_STORE);
    this.dir = dir;
    this.settings = settings;
    this.pki = TestPki.create(dir, PREF, MONITOR);
    for (String c : csCodes) {
      pki.add(PeerId.cs(c), operator(c));
    }
    ps = new TestPrefServer(PREF, pki, dir.resolve("ps-data"), runtime, 0);
    psPort = ps.address().getPort();
  }

  static PeerId operator(String cs) {
    return new PeerId(NodeRole.NODE_ROLE_OPERATOR, cs + "-01");
  }

  NodeConfig config(String code) {
    return new NodeConfig(PeerId.cs(code), new HostPort("127.0.0.1", 0), dir.resolve("cs-" + code), pki.pkiDir(),
        new HostPort("127.0.0.1", psPort), PREF, null);
  }

  CsNode start(String code) {
    CsNode n = CsNode.start(config(code), runtime, settings);
    nodes.put(code, n);
    operators.remove(code);
    return n;
  }

  CsNode node(String code) {
    return nodes.get(code);
  }

  void stop(String code) {
    CsNode n = nodes.remove(code);
    Connection c = operators.remove(code);
    if (c != null) {
      c.close();
    }
    if (n != null) {
      n.close();
    }
  }

  void awaitUpstream(String code) {
    await().atMost(Duration.ofSeconds(20)).until(() -> nodes.get(code).changeSender().attached());
  }

  Connection operator(String code, boolean fresh) throws Exception {
    Connection c = operators.get(code);
    if (c == null || !c.isActive() || fresh) {
      c = connect(operator(code), code);
      operators.put(code, c);
    }
    return c;
  }

  /** A new connection from {@code client} (an operator or a monitor) to the CS {@code code}; the caller closes it. */
  Connection connect(PeerId client, String code) throws Exception {
    return TransportClient.connect(runtime.transport(), pki.tls(client), client, PeerId.cs(code),
        nodes.get(code).localAddress(), (connection, envelope) -> { }, TransportSettings.defaults()).get(20, TimeUnit.SECONDS);
  }

  Envelope request(String code, Envelope.Builder body) throws Exception {
    return operator(code, false).request(body, Duration.ofSeconds(60)).get(60, TimeUnit.SECONDS);
  }

  ResidentOperationResponse operate(String code, ResidentOperationRequest.Builder op) throws Exception {
    return request(code, Envelope.newBuilder().setResidentOperationRequest(op)).getResidentOperationResponse();
  }

  @Override
  public void close() {
    for (String c : new java.util.ArrayList<>(nodes.keySet())) {
      stop(c);
    }
    ps.close();
    runtime.close();
  }
}
