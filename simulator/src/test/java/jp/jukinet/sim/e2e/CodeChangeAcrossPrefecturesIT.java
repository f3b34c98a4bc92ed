package jp.jukinet.sim.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.labels.ChangeNames;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.JuminhyoCodeChange;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentView;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.OperatorClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 住民票コード変更 (法第30条の4) of a person who lived in other municipalities before, on real nodes
 * (synthetic:2x2: real sockets, TLS and RocksDB), in both modes: one process per node, where the
 * prefecture server's crash is a SIGKILL, and one JVM, where it is an abandon (see {@code
 * LocalNetwork.kill}). What the servers' registries hold is checked in-JVM, where the test can
 * reach them; in process mode the test sees what the network answers. The national server sends the
 * change to every former municipality, through its prefecture server (which retires the old code in
 * its registry) to its CS (whose 除票 follows). Afterwards the old code resolves at no server and no
 * CS, and the new one resolves everywhere the person is held, with the whole history:
 *
 * <ol>
 *   <li>everything up: born at A1 (prefecture 1), moved to B1 and then to B2 (prefecture 2), code
 *       changed at B2: A1 is told across prefectures, B1 within its own;
 *   <li>prefecture 1's server down at the code change: the notice waits at the national server and
 *       is delivered when it comes back.
 * </ol>
 *
 * Then {@code verify} finds zero differences.
 */
@Timeout(300)
class CodeChangeAcrossPrefecturesIT {
  private static final String TOPOLOGY = "synthetic:2x2";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  private LocalNetwork net;
  private OperatorClient ops;

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theOldCodeStopsResolvingEverywhereIncludingFormerPrefecturesAndTheirCss(Mode mode)
      throws Exception {
    Topology topology = Topologies.resolve(TOPOLOGY);
    List<LocalGovernmentCode> css =
        topology.css().stream().map(c -> LocalGovernmentCode.parse(c.id().code())).toList();
    LocalGovernmentCode a1 = css.get(0);
    LocalGovernmentCode b1 = css.get(2);
    LocalGovernmentCode b2 = css.get(3);
    PeerId pref1 = topology.css().get(0).upstream();
    PeerId pref2 = topology.css().get(2).upstream();
    assertEquals(pref1, topology.css().get(1).upstream());
    assertFalse(pref1.equals(pref2), "A1 and B1 are in different prefectures");
    net = networks.start(topology, mode, tmp);
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        OperatorClient client =
            new OperatorClient(
                runtime.transport(),
                net.directory().pkiDir(),
                OperatorClient.csAddresses(net.state()),
                Duration.ofSeconds(30))) {
      ops = client;
      assertTrue(net.awaitAllLinksUp(WAIT).allLinksUp());

      // 1. Everything up: A1 → B1 → B2, code change at B2.
      IdentityInfo p = born(a1, "越境 変一");
      String old = p.getJuminhyoCode();
      move(p, a1, b1);
      move(p, b1, b2);
      String fresh = changeCode(b2, old);
      for (LocalGovernmentCode former : List.of(a1, b1)) {
        await().atMost(WAIT).until(() -> followed(former, fresh));
      }
      if (mode == Mode.IN_JVM) {
        NationalServer ns = national();
        await().atMost(WAIT).until(() -> ns.registry().current(fresh).isPresent());
        List<String> nsHistory =
            List.of(
                "出生@" + a1,
                "転出@" + a1,
                "転入@" + b1,
                "転出確定@" + a1,
                "転出@" + b1,
                "転入@" + b2,
                "転出確定@" + b1,
                "住民票コード変更@" + b2);
        assertEquals(nsHistory, describe(ns.registry().history(fresh)));
        assertRetired(ns.registry(), old, fresh, p, "national server");
        assertEquals(b2.value(), ns.registry().current(fresh).orElseThrow().getMunicipalityCode());
        // Prefecture 1 holds A1's 除票, now under the new code, with the code change in its history.
        assertRetired(pref(pref1).registry(), old, fresh, p, "prefecture 1");
        IdentityInfo atPref1 = pref(pref1).registry().current(fresh).orElseThrow();
        assertTrue(
            atPref1.getRemoved() && atPref1.getMunicipalityCode().equals(a1.value()),
            atPref1.toString());
        assertEquals(
            List.of("出生@" + a1, "転出@" + a1, "転出確定@" + a1, "住民票コード変更@" + b2),
            describe(pref(pref1).registry().history(fresh)));
        assertRetired(pref(pref2).registry(), old, fresh, p, "prefecture 2");
        assertEquals(
            List.of("転入@" + b1, "転出@" + b1, "転入@" + b2, "転出確定@" + b1, "住民票コード変更@" + b2),
            describe(pref(pref2).registry().history(fresh)));
      }
      // The former CSs: the old code finds nothing, the new one the 除票 with its history.
      for (LocalGovernmentCode former : List.of(a1, b1)) {
        assertTrue(query(former, old).isEmpty(), former + " still answers the old code " + old);
        ResidentView v = query(former, fresh).get(0);
        assertTrue(v.getIdentity().getRemoved(), v.toString());
        assertEquals(former.value(), v.getIdentity().getMunicipalityCode());
      }
      await().atMost(WAIT).until(() -> counter(PeerId.national(), "code_change_notices") == 2L);

      // 2. Prefecture 1's server down at the code change: delivered when it is back.
      IdentityInfo q = born(a1, "留守 変二");
      String oldQ = q.getJuminhyoCode();
      move(q, a1, b1);
      net.kill(pref1);
      String freshQ = changeCode(b1, oldQ);
      await().atMost(WAIT).until(() -> counter(PeerId.national(), "code_change_notices") == 3L);
      if (mode == Mode.IN_JVM) {
        assertRetired(national().registry(), oldQ, freshQ, q, "national server");
      }
      assertEquals(
          1,
          query(a1, oldQ).size(),
          "A1 cannot have heard of it while its prefecture server is down");
      net.restart(pref1);
      await().atMost(WAIT).until(() -> followed(a1, freshQ));
      assertTrue(query(a1, oldQ).isEmpty());
      if (mode == Mode.IN_JVM) {
        PrefServer restarted = pref(pref1);
        assertRetired(restarted.registry(), oldQ, freshQ, q, "prefecture 1 after its restart");
        assertEquals(
            List.of("出生@" + a1, "転出@" + a1, "転出確定@" + a1, "住民票コード変更@" + b1),
            describe(restarted.registry().history(freshQ)));
      }
      await().atMost(WAIT).until(() -> counter(pref1, "code_changes_followed") == 1L);

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
              .execute("verify", "--dir", tmp.toString(), "--wait", "60s");
      assertEquals(ExitCodes.OK, exit, out + "\n" + err);
      assertTrue(
          out.toString().contains("0 differences") && out.toString().contains("CONVERGED"),
          out.toString());
    }
  }

  private static void assertRetired(
      IdentityRegistry registry, String old, String fresh, IdentityInfo p, String where) {
    assertTrue(registry.current(old).isEmpty(), where + ": current(old)");
    assertTrue(registry.history(old).isEmpty(), where + ": history(old)");
    assertTrue(
        registry.asOf(old, LocalDate.parse(p.getFourItems().getBirthDate())).isEmpty(),
        where + ": asOf(old)");
    assertTrue(registry.current(fresh).isPresent(), where + ": current(new)");
    assertEquals(
        fresh,
        registry.byIndividualNumber(p.getIndividualNumber()).orElseThrow().getJuminhyoCode(),
        where + ": 個人番号 finds the new code");
    assertEquals(
        List.of(fresh),
        registry.byFourItems(p.getFourItems().getName(), p.getFourItems().getBirthDate()).stream()
            .map(IdentityInfo::getJuminhyoCode)
            .toList(),
        where + ": 4情報 finds the new code only");
    assertEquals(
        java.util.Optional.of(fresh),
        registry.retiredCodeSuccessor(old),
        where + ": 開示 still maps old → new");
  }

  /** The former CS answers the new code with a 除票 whose history ends with the code change. */
  private boolean followed(LocalGovernmentCode cs, String fresh) throws Exception {
    List<ResidentView> found = query(cs, fresh);
    if (found.isEmpty()) {
      return false;
    }
    List<IdentityChange> h = found.get(0).getHistoryList();
    return h.get(h.size() - 1).getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE;
  }

  private long counter(PeerId node, String name) {
    return net.nodeStatus(node).getCountersOrDefault(name, -1L);
  }

  private NationalServer national() {
    return (NationalServer) net.inJvmNode(PeerId.national());
  }

  private PrefServer pref(PeerId id) {
    return (PrefServer) net.inJvmNode(id);
  }

  private IdentityInfo born(LocalGovernmentCode cs, String name) throws Exception {
    return operate(
        cs,
        ResidentOperationRequest.newBuilder()
            .setBirth(
                Birth.newBuilder()
                    .setFourItems(
                        FourItems.newBuilder()
                            .setName(name)
                            .setBirthDate("1981-01-01")
                            .setSex(Sex.SEX_MALE)
                            .setAddress("合成市 " + cs + " 1-1"))));
  }

  /** 転出 at {@code from}, 転入 at {@code to}, and waits for the 転出確定 at {@code from}. */
  private void move(IdentityInfo p, LocalGovernmentCode from, LocalGovernmentCode to)
      throws Exception {
    String code = p.getJuminhyoCode();
    String today = IsoDates.today(Clock.systemUTC()).toString();
    operate(
        from,
        ResidentOperationRequest.newBuilder()
            .setMoveOut(
                MoveOut.newBuilder()
                    .setJuminhyoCode(code)
                    .setPlannedDate(today)
                    .setDestinationMunicipality(to.value())));
    operate(
        to,
        ResidentOperationRequest.newBuilder()
            .setMoveIn(
                MoveIn.newBuilder()
                    .setFourItems(p.getFourItems().toBuilder().setAddress("合成市 " + to + " 2-2"))
                    .setPreviousJuminhyoCode(code)
                    .setIndividualNumber(p.getIndividualNumber())
                    .setPreviousMunicipality(from.value())));
    await()
        .atMost(WAIT)
        .until(
            () ->
                query(from, code).stream()
                    .flatMap(v -> v.getHistoryList().stream())
                    .anyMatch(
                        c ->
                            c.getReason() == ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED
                                && c.getSourceMunicipality().equals(from.value())));
  }

  private String changeCode(LocalGovernmentCode cs, String code) throws Exception {
    String fresh =
        operate(
                cs,
                ResidentOperationRequest.newBuilder()
                    .setJuminhyoCodeChange(JuminhyoCodeChange.newBuilder().setJuminhyoCode(code)))
            .getJuminhyoCode();
    assertFalse(fresh.equals(code));
    return fresh;
  }

  private IdentityInfo operate(LocalGovernmentCode cs, ResidentOperationRequest.Builder r)
      throws Exception {
    Envelope reply = ops.call(cs, Envelope.newBuilder().setResidentOperationRequest(r));
    assertTrue(reply.hasResidentOperationResponse(), reply.toString());
    return reply.getResidentOperationResponse().getIdentity();
  }

  private List<ResidentView> query(LocalGovernmentCode cs, String code) throws Exception {
    return ops.call(
            cs,
            Envelope.newBuilder()
                .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode(code)))
        .getResidentQueryResponse()
        .getResidentsList();
  }

  private static List<String> describe(List<IdentityChange> history) {
    return history.stream()
        .map(c -> ChangeNames.reason(c.getReason()) + "@" + c.getSourceMunicipality())
        .toList();
  }
}
