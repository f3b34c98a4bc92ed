package jp.jukinet.sim.provision;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.PeerClient;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.testing.TestTopologies;
import jp.jukinet.sim.workload.OperatorClient;
import jp.jukinet.sim.workload.ResidentRequests;

/**
 * The provision tests' network: 甲府市 and 富士吉田市 under 山梨県 and the national server, real, in one JVM;
 * residents are recorded at 甲府市's CS by its operator and looked up at the national server as
 * agencies (their certificates of the run's PKI) and as the monitor.
 */
final class ProvisionNetwork implements AutoCloseable {
  static final String KOFU = "192015";
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");
  static final Duration WAIT = Duration.ofSeconds(60);

  final LocalNetwork net;
  final NodeRuntime runtime = NodeRuntime.create(1, 1);
  private final OperatorClient operators;
  private final List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  ProvisionNetwork(TestNetworks networks, Path dir) {
    net = networks.start(TestTopologies.load(TestTopologies.KOFU_FUJIYOSHIDA), Mode.IN_JVM, dir);
    net.awaitAllLinksUp(WAIT);
    operators =
        new OperatorClient(
            runtime.transport(),
            net.directory().pkiDir(),
            OperatorClient.csAddresses(net.state()),
            WAIT);
  }

  NationalServer national() {
    return (NationalServer) net.inJvmNode(PeerId.national());
  }

  static PeerId agency(String id) {
    return new PeerId(NodeRole.NODE_ROLE_AGENCY, id);
  }

  /** A new connection to the national server as {@code as}, closed with the network. */
  Connection connect(PeerId as) throws Exception {
    return kept(PeerClient.connect(net, runtime, as, PeerId.national()));
  }

  /** A new connection to {@code node} as {@code as}, closed with the network. */
  Connection connectTo(PeerId as, PeerId node) throws Exception {
    return kept(PeerClient.connect(net, runtime, as, node));
  }

  Connection connect(PeerId as, NodeTls tls) throws Exception {
    return kept(PeerClient.connect(net, runtime, tls, as, PeerId.national()));
  }

  private Connection kept(Connection c) {
    opened.add(c);
    return c;
  }

  /** Records an operation at 甲府市 and waits until the national server holds its result. */
  IdentityInfo operate(ResidentOperationRequest.Builder op) throws Exception {
    IdentityInfo info =
        operators
            .send(LocalGovernmentCode.parse(KOFU), ResidentRequests.envelope(op))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS)
            .getResidentOperationResponse()
            .getIdentity();
    await()
        .atMost(WAIT)
        .until(
            () ->
                national()
                    .registry()
                    .current(info.getJuminhyoCode())
                    .filter(r -> r.getFourItems().equals(info.getFourItems()))
                    .isPresent());
    return info;
  }

  IdentityInfo born(String name, String birthDate, Sex sex, String address, String reasonDate)
      throws Exception {
    FourItems items =
        FourItems.newBuilder()
            .setName(name)
            .setBirthDate(birthDate)
            .setSex(sex)
            .setAddress(address)
            .build();
    ResidentOperationRequest.Builder op = ResidentRequests.birth(items, name, "本人");
    if (reasonDate != null) {
      op.setReasonDate(reasonDate);
    }
    return operate(op);
  }

  static CompletableFuture<Envelope> lookup(
      Connection c, String jimu, ProvisionKey key, String asOf) {
    return c.request(
        Envelope.newBuilder()
            .setSingleProvisionRequest(
                SingleProvisionRequest.newBuilder()
                    .setJimuCode(jimu)
                    .setKey(key)
                    .setAsOfDate(asOf == null ? "" : asOf)),
        WAIT);
  }

  /** The counters of a report of {@code kind}, every month, as the monitor reads them. */
  List<CounterRow> counters(Connection monitor, ReportKind kind) throws Exception {
    return monitor
        .request(
            Envelope.newBuilder().setReportRequest(ReportRequest.newBuilder().setKind(kind)), WAIT)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .getReportResponse()
        .getCountersList();
  }

  /** Every refusal the national server's security log holds, as the monitor reads it. */
  List<SecurityEvent> refusals(Connection monitor) throws Exception {
    return monitor
        .request(
            Envelope.newBuilder()
                .setReportRequest(
                    ReportRequest.newBuilder()
                        .setKind(ReportKind.REPORT_KIND_REFUSALS)
                        .setLimit(10_000)),
            WAIT)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .getReportResponse()
        .getRefusalsList();
  }

  @Override
  public void close() {
    opened.forEach(Connection::close);
    operators.close();
    runtime.close();
  }
}
