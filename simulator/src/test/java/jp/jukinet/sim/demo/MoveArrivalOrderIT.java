package jp.jukinet.sim.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.verify.MonitorClient;
import jp.jukinet.sim.workload.OperatorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 転入 + 転入通知 across two prefectures, in both arrival orders at the national server (real node
 * processes, synthetic:2x1). Two people with the same 4情報 move from A (prefecture 1) to B
 * (prefecture 2):
 *
 * <ol>
 *   <li>order 1: A's prefecture server is SIGKILLed before the 転出, so B's 転入 記載 reaches the
 *       national server first; A's 転出 消除 and 転出確定 arrive after its restart;
 *   <li>order 2: B's prefecture server is SIGKILLed before the 転入, so A's 転出 消除 reaches the
 *       national server first (the person is registered nowhere for a while); B's 転入 and the 転入通知
 *       behind it arrive after its restart.
 * </ol>
 *
 * Both end identical at the national server: registered in B, not removed, with the same history in
 * the same replay order; verify finds zero differences; A shows 転出確定.
 */
@Timeout(420)
class MoveArrivalOrderIT {
  private static final String TOPOLOGY = "synthetic:2x1";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path tmp;

  @Test
  void theNationalRecordIsTheSameWhicheverSideArrivesFirst() throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    Topology topology = Topologies.resolve(TOPOLOGY);
    LocalGovernmentCode a = LocalGovernmentCode.parse(topology.css().get(0).id().code());
    LocalGovernmentCode b = LocalGovernmentCode.parse(topology.css().get(1).id().code());
    PeerId prefA = topology.css().get(0).upstream();
    PeerId prefB = topology.css().get(1).upstream();
    String today = IsoDates.today(Clock.systemUTC()).toString();
    String first;
    String second;
    LocalNetwork net =
        networks.start(topology, Mode.PROCESS, dir, LaunchSettings.defaults(TOPOLOGY));
    try (NodeRuntime runtime = NodeRuntime.create(2, 1);
        OperatorClient ops =
            new OperatorClient(
                runtime.transport(),
                dir.pkiDir(),
                OperatorClient.csAddresses(net.state()),
                Duration.ofSeconds(40));
        MonitorClient monitor =
            new MonitorClient(
                runtime.transport(),
                NodeTls.load(dir.pkiDir(), StatusCollector.MONITOR),
                TransportSettings.defaults(),
                Duration.ofSeconds(10))) {
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(120)).allLinksUp());
      InetSocketAddress ns =
          net.state().nodes().stream()
              .filter(n -> n.id().equals(PeerId.national()))
              .map(n -> new InetSocketAddress(n.host(), n.port()))
              .findFirst()
              .orElseThrow();
      National national = new National(monitor, ns);

      // Order 1: B's 転入 記載 first.
      IdentityInfo p1 = born(ops, a);
      await().atMost(WAIT).until(() -> national.registered(a, p1.getJuminhyoCode()).isPresent());
      net.kill(prefA);
      moveOut(ops, a, p1, b, today);
      moveIn(ops, b, p1, a);
      await().atMost(WAIT).until(() -> national.registered(b, p1.getJuminhyoCode()).isPresent());
      assertFalse(
          confirmed(ops, a, p1.getJuminhyoCode()),
          "no 転入通知 reaches A while its prefecture is down");
      net.restart(prefA);

      // Order 2: A's 転出 消除 first.
      IdentityInfo p2 = born(ops, a);
      await().atMost(WAIT).until(() -> national.registered(a, p2.getJuminhyoCode()).isPresent());
      net.kill(prefB);
      moveOut(ops, a, p2, b, today);
      await().atMost(WAIT).until(() -> national.registered(a, p2.getJuminhyoCode()).isEmpty());
      moveIn(ops, b, p2, a);
      assertTrue(
          national.registered(b, p2.getJuminhyoCode()).isEmpty(),
          "B's 転入 waits at B while its prefecture is down");
      net.restart(prefB);

      for (IdentityInfo p : List.of(p1, p2)) {
        await().atMost(WAIT).until(() -> confirmed(ops, a, p.getJuminhyoCode()));
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
              .execute("verify", "--dir", tmp.toString(), "--wait", "120s");
      assertEquals(ExitCodes.OK, exit, out + "\n" + err);
      assertTrue(
          out.toString().contains("0 differences") && out.toString().contains("CONVERGED"),
          out.toString());

      IdentityInfo r1 = national.registered(b, p1.getJuminhyoCode()).orElseThrow();
      IdentityInfo r2 = national.registered(b, p2.getJuminhyoCode()).orElseThrow();
      assertFalse(r1.getRemoved());
      assertEquals(b.value(), r1.getMunicipalityCode());
      assertEquals(
          withoutCodes(r1), withoutCodes(r2), "the same record whichever side arrived first");
      assertTrue(national.registered(a, p1.getJuminhyoCode()).isEmpty());
      assertTrue(national.registered(a, p2.getJuminhyoCode()).isEmpty());
      first = p1.getJuminhyoCode();
      second = p2.getJuminhyoCode();
    }
    net.close(); // the nodes stop, so the test may open the national server's database
    List<String> h1 = nationalHistory(dir, first);
    List<String> h2 = nationalHistory(dir, second);
    assertEquals(List.of("出生@" + a, "転出@" + a, "転入@" + b, "転出確定@" + a), h1);
    assertEquals(h1, h2);
  }

  /** The national server's records, as its monitor reads them. */
  private record National(MonitorClient monitor, InetSocketAddress address) {
    Optional<IdentityInfo> registered(LocalGovernmentCode m, String code) throws Exception {
      return monitor.listRecords(PeerId.national(), address, m.value()).stream()
          .filter(i -> i.getJuminhyoCode().equals(code))
          .findFirst();
    }
  }

  private static IdentityInfo born(OperatorClient ops, LocalGovernmentCode cs) throws Exception {
    return operate(
        ops,
        cs,
        ResidentOperationRequest.newBuilder()
            .setBirth(
                Birth.newBuilder()
                    .setFourItems(
                        FourItems.newBuilder()
                            .setName("往来 一郎")
                            .setBirthDate("2020-04-01")
                            .setSex(Sex.SEX_MALE)
                            .setAddress("合成市A 1-1"))));
  }

  private static void moveOut(
      OperatorClient ops,
      LocalGovernmentCode from,
      IdentityInfo p,
      LocalGovernmentCode to,
      String date)
      throws Exception {
    IdentityInfo out =
        operate(
            ops,
            from,
            ResidentOperationRequest.newBuilder()
                .setMoveOut(
                    MoveOut.newBuilder()
                        .setJuminhyoCode(p.getJuminhyoCode())
                        .setPlannedDate(date)
                        .setDestinationMunicipality(to.value())));
    assertTrue(out.getRemoved());
  }

  private static void moveIn(
      OperatorClient ops, LocalGovernmentCode to, IdentityInfo p, LocalGovernmentCode from)
      throws Exception {
    operate(
        ops,
        to,
        ResidentOperationRequest.newBuilder()
            .setMoveIn(
                MoveIn.newBuilder()
                    .setFourItems(p.getFourItems().toBuilder().setAddress("合成市B 2-2"))
                    .setPreviousJuminhyoCode(p.getJuminhyoCode())
                    .setIndividualNumber(p.getIndividualNumber())
                    .setPreviousMunicipality(from.value())
                    .setPreviousAddress(p.getFourItems().getAddress())));
  }

  private static IdentityInfo operate(
      OperatorClient ops, LocalGovernmentCode cs, ResidentOperationRequest.Builder r)
      throws Exception {
    return ops.call(cs, Envelope.newBuilder().setResidentOperationRequest(r))
        .getResidentOperationResponse()
        .getIdentity();
  }

  private static boolean confirmed(OperatorClient ops, LocalGovernmentCode cs, String code)
      throws Exception {
    return ops
        .call(
            cs,
            Envelope.newBuilder()
                .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode(code)))
        .getResidentQueryResponse()
        .getResidentsList()
        .stream()
        .flatMap(v -> v.getHistoryList().stream())
        .anyMatch(c -> c.getReason() == ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED);
  }

  private static IdentityInfo withoutCodes(IdentityInfo i) {
    return i.toBuilder().clearJuminhyoCode().clearIndividualNumber().build();
  }

  /**
   * The national server's history of a person in replay order, as "reason@source" (read after the
   * network stopped).
   */
  private static List<String> nationalHistory(RunDirectory dir, String code) throws Exception {
    ExecutorService completions = Executors.newSingleThreadExecutor();
    try (StoreResources resources = StoreResources.create(16L << 20, 16L << 20);
        NodeDatabase db =
            NodeDatabase.open(
                "check",
                dir.dataDir(PeerId.national()),
                NationalServer.COLUMN_FAMILIES,
                resources,
                completions)) {
      return new IdentityRegistry(db)
          .history(code).stream().map(MoveArrivalOrderIT::describe).toList();
    } finally {
      completions.shutdownNow();
    }
  }

  private static String describe(IdentityChange c) {
    return jp.jukinet.protocol.labels.ChangeNames.reason(c.getReason())
        + "@"
        + c.getSourceMunicipality();
  }
}
