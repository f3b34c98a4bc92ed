package jp.jukinet.sim.relay;

import static jp.jukinet.sim.relay.FakeCs.birth;
import static jp.jukinet.sim.relay.FakeCs.change;
import static jp.jukinet.sim.relay.FakeCs.moveInNotice;
import static jp.jukinet.sim.relay.FakeCs.person;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.testing.TestTopologies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The national server and two prefecture servers (山梨県, 東京都) on real sockets, TLS and RocksDB, in
 * one JVM so the test can look into their registries; the CSs the test talks for are stopped and
 * played by the test with their certificates ({@link FakeCs}).
 */
@Timeout(180)
class RelayIT {
  private static final String KOFU = "192015";
  private static final String FUJIYOSHIDA = "192023";
  private static final String CHIYODA = "131016";
  private static final PeerId NATIONAL = PeerId.national();
  private static final PeerId YAMANASHI = PeerId.prefecture("190004");
  private static final PeerId TOKYO =
      PeerId.prefecture(LocalGovernmentCode.prefecture("13").value());
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  private LocalNetwork net;
  private NodeRuntime runtime;
  private final List<FakeCs> css = new ArrayList<>();
  private final Random rng = new Random(42);

  @BeforeEach
  void start() {
    net = networks.start(TestTopologies.load(TestTopologies.YAMANASHI_TOKYO), Mode.IN_JVM, tmp);
    net.awaitAllLinksUp(WAIT);
    for (String cs : List.of(KOFU, FUJIYOSHIDA, CHIYODA)) {
      net.stop(PeerId.cs(cs));
    }
    runtime = NodeRuntime.create(1, 1);
  }

  @AfterEach
  void stop() {
    css.forEach(FakeCs::close);
    runtime.close();
  }

  private NationalServer national() {
    return (NationalServer) net.inJvmNode(NATIONAL);
  }

  private PrefServer pref(PeerId id) {
    return (PrefServer) net.inJvmNode(id);
  }

  private FakeCs cs(String code) throws Exception {
    FakeCs cs = FakeCs.connect(net, runtime, code, code.startsWith("19") ? YAMANASHI : TOKYO);
    css.add(cs);
    return cs;
  }

  private IdentityInfo newPerson(String name, String address) {
    return person(
        JuminhyoCode.random(rng).value(),
        IndividualNumber.random(rng).value(),
        name,
        "2020-04-01",
        address);
  }

  private static IdentityChange[] range(List<IdentityChange> all, int from, int to) {
    return all.subList(from, to).toArray(IdentityChange[]::new);
  }

  @Test
  void changesAreAppliedAtThePrefectureForwardedAndIndexedAtTheNationalServerOnce()
      throws Exception {
    FakeCs kofu = cs(KOFU);
    List<IdentityInfo> people = new ArrayList<>();
    List<IdentityChange> changes = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      IdentityInfo p = newPerson("甲府 太郎" + i, "甲府市丸の内" + i);
      people.add(p);
      changes.add(birth(KOFU, i, p));
    }
    for (int i = 0; i < 200; i += 50) {
      assertEquals(
          i + 50, kofu.sendAndAck(range(changes, i, i + 50)).getAcks(0).getThroughSequence());
    }
    // A resent batch (as after a reconnect) is acknowledged, not applied again.
    assertEquals(200, kofu.sendAndAck(range(changes, 0, 50)).getAcks(0).getThroughSequence());
    IdentityInfo first = people.get(0);
    IdentityInfo moved =
        first.toBuilder()
            .setFourItems(first.getFourItems().toBuilder().setAddress("甲府市相生1"))
            .build();
    kofu.sendAndAck(
        change(
            KOFU,
            201,
            ChangeOperation.CHANGE_OPERATION_AMEND,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2021-05-01",
            moved));

    PrefServer yamanashi = pref(YAMANASHI);
    assertEquals(200, yamanashi.registry().count());
    await().atMost(WAIT).until(() -> national().appliedThrough().getOrDefault(KOFU, 0L) == 201);
    assertEquals(200, national().registry().count());

    String code = first.getJuminhyoCode();
    assertEquals(
        "甲府市相生1", national().registry().current(code).orElseThrow().getFourItems().getAddress());
    assertEquals(
        2,
        national().registry().history(code).size(),
        "history holds the 出生 and the 転居, each once");
    assertEquals(
        "甲府市丸の内1",
        national()
            .registry()
            .asOf(code, LocalDate.parse("2020-12-31"))
            .orElseThrow()
            .getFourItems()
            .getAddress());
    assertEquals(
        code,
        national()
            .registry()
            .byIndividualNumber(first.getIndividualNumber())
            .orElseThrow()
            .getJuminhyoCode());
    assertEquals(
        code, national().registry().byFourItems("甲府 太郎1", "2020-04-01").get(0).getJuminhyoCode());
    assertEquals(200, national().registry().listRecords(KOFU, null, 1000).size());

    NodeStatus ns = national().status();
    assertEquals(201, ns.getCountersOrThrow("changes_applied"));
    assertEquals(201, ns.getCountersOrThrow("applied." + KOFU));
    await().atMost(WAIT).until(() -> upstreamLink(yamanashi.status()).getUnackedChanges() == 0);
    assertEquals(0, upstreamLink(yamanashi.status()).getOldestUnackedMillis());
  }

  @Test
  void badBatchesAreRefusedWholeAndTheConnectionKeepsWorking() throws Exception {
    FakeCs kofu = cs(KOFU);
    IdentityInfo p = newPerson("甲府 花子", "甲府市");
    RemoteErrorException gap =
        remoteError(
            kofu.send(birth(KOFU, 5, p))
                .exceptionally(
                    e -> {
                      throw rethrow(e);
                    }));
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, gap.code());
    assertTrue(gap.getMessage().contains(KOFU + "#5"), gap.getMessage());

    RemoteErrorException foreign = remoteError(kofu.send(birth(FUJIYOSHIDA, 1, p)));
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, foreign.code());
    assertTrue(foreign.getMessage().contains(FUJIYOSHIDA), foreign.getMessage());

    RemoteErrorException noDate =
        remoteError(kofu.send(birth(KOFU, 1, p).toBuilder().setReasonDate("yesterday").build()));
    assertTrue(noDate.getMessage().contains("reason_date"), noDate.getMessage());

    assertEquals(0, pref(YAMANASHI).registry().count(), "nothing of a refused batch was applied");
    assertEquals(1, kofu.sendAndAck(birth(KOFU, 1, p)).getAcks(0).getThroughSequence());
    assertEquals(1, pref(YAMANASHI).registry().count());
  }

  @Test
  void routedMessagesCrossPrefecturesAndWaitForADownCs() throws Exception {
    FakeCs kofu = cs(KOFU);
    IdentityInfo p = newPerson("移動 一郎", "千代田区1");
    RoutedMessage toChiyoda = moveInNotice(KOFU + "-1", KOFU, CHIYODA, p);
    // 千代田区's CS is down: every hop stores and acknowledges; the message waits at 東京都's server.
    assertEquals(
        KOFU + "-1", kofu.route(toChiyoda).get(20, TimeUnit.SECONDS).getRoutedAck().getRouteId());
    assertEquals(
        KOFU + "-1",
        kofu.route(toChiyoda).get(20, TimeUnit.SECONDS).getRoutedAck().getRouteId(),
        "a resend is acknowledged again");
    await()
        .atMost(WAIT)
        .until(() -> pref(TOKYO).status().getCountersOrThrow("routed_accepted") == 1);

    FakeCs chiyoda = cs(CHIYODA);
    await().atMost(WAIT).until(() -> chiyoda.received.size() == 1);
    assertEquals(toChiyoda, chiyoda.received.get(0));

    // The other way, to a CS that is up, and within one prefecture.
    RoutedMessage toKofu = moveInNotice(CHIYODA + "-1", CHIYODA, KOFU, p);
    chiyoda.route(toKofu).get(20, TimeUnit.SECONDS);
    FakeCs fuji = cs(FUJIYOSHIDA);
    RoutedMessage local = moveInNotice(FUJIYOSHIDA + "-1", FUJIYOSHIDA, KOFU, p);
    fuji.route(local).get(20, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> kofu.received.size() == 2);
    assertEquals(Set.of(toKofu, local), new HashSet<>(kofu.received));
    assertEquals(1, chiyoda.received.size(), "the resent message was delivered once");
    await()
        .atMost(WAIT)
        .until(() -> national().status().getCountersOrThrow("routed_forwarded") == 2);
    assertEquals(
        1,
        national().status().getCountersOrThrow("routed_duplicates")
            + pref(YAMANASHI).status().getCountersOrThrow("routed_duplicates"));
  }

  @Test
  void routedMessagesForUnknownDestinationsOrOfAnotherOriginAreRefused() throws Exception {
    FakeCs kofu = cs(KOFU);
    IdentityInfo p = newPerson("迷子 次郎", "どこか");
    RemoteErrorException bad =
        remoteError(kofu.route(moveInNotice(KOFU + "-9", KOFU, "123456", p)));
    assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, bad.code());
    assertTrue(bad.getMessage().contains("123456"), bad.getMessage());
    RemoteErrorException pref =
        remoteError(kofu.route(moveInNotice(KOFU + "-10", KOFU, TOKYO.code(), p)));
    assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, pref.code());
    assertTrue(pref.getMessage().contains("prefecture"), pref.getMessage());
    RemoteErrorException spoof =
        remoteError(kofu.route(moveInNotice(FUJIYOSHIDA + "-1", FUJIYOSHIDA, CHIYODA, p)));
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, spoof.code());
    RemoteErrorException empty =
        remoteError(
            kofu.route(
                RoutedMessage.newBuilder()
                    .setRouteId(KOFU + "-11")
                    .setOriginMunicipality(KOFU)
                    .setDestinationMunicipality(CHIYODA)
                    .build()));
    assertTrue(empty.getMessage().contains("no payload"), empty.getMessage());
    assertEquals(4, pref(YAMANASHI).status().getCountersOrThrow("routed_refused"));
    assertEquals(
        KOFU + "-12",
        kofu.route(moveInNotice(KOFU + "-12", KOFU, CHIYODA, p))
            .get(20, TimeUnit.SECONDS)
            .getRoutedAck()
            .getRouteId(),
        "the connection still works");
  }

  @Test
  void aCodeChangeReachesTheFormerMunicipalityEvenWhenItsOwnChangesArriveAfterIt()
      throws Exception {
    FakeCs kofu = cs(KOFU);
    FakeCs chiyoda = cs(CHIYODA);
    IdentityInfo p = newPerson("遅着 三郎", "千代田区1");
    String old = p.getJuminhyoCode();
    String fresh = JuminhyoCode.random(rng).value();
    // 甲府市 records the 転入 and the code change first; 千代田区's birth and 転出 under the old
    // code reach the national server only afterwards.
    IdentityInfo atKofu =
        p.toBuilder().setFourItems(p.getFourItems().toBuilder().setAddress("甲府市1")).build();
    IdentityChange moveIn =
        change(
                KOFU,
                1,
                ChangeOperation.CHANGE_OPERATION_RECORD,
                ChangeReason.CHANGE_REASON_MOVE_IN,
                "2021-04-01",
                atKofu)
            .toBuilder()
            .setPreviousJuminhyoCode(old)
            .setPreviousMunicipality(CHIYODA)
            .build();
    IdentityChange codeChange =
        change(
                KOFU,
                2,
                ChangeOperation.CHANGE_OPERATION_AMEND,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2021-05-01",
                atKofu.toBuilder().setJuminhyoCode(fresh).build())
            .toBuilder()
            .setPreviousJuminhyoCode(old)
            .build();
    kofu.sendAndAck(moveIn, codeChange);
    await().atMost(WAIT).until(() -> national().registry().current(fresh).isPresent());
    assertEquals(
        0,
        national().status().getCountersOrThrow("code_change_notices"),
        "no former municipality known yet");
    IdentityChange moveOut =
        change(
                CHIYODA,
                2,
                ChangeOperation.CHANGE_OPERATION_REMOVE,
                ChangeReason.CHANGE_REASON_MOVE_OUT,
                "2021-03-31",
                p)
            .toBuilder()
            .setDestinationMunicipality(KOFU)
            .build();
    chiyoda.sendAndAck(birth(CHIYODA, 1, p), moveOut);

    // The late 転出 came under the retired code: 千代田区 is told, through 東京都's server.
    await()
        .atMost(WAIT)
        .until(
            () -> chiyoda.received.stream().anyMatch(RoutedMessage::hasJuminhyoCodeChangeNotice));
    RoutedMessage notice =
        chiyoda.received.stream()
            .filter(RoutedMessage::hasJuminhyoCodeChangeNotice)
            .findFirst()
            .orElseThrow();
    assertEquals("jcc-" + KOFU + "-2-" + CHIYODA, notice.getRouteId());
    assertEquals(KOFU, notice.getOriginMunicipality());
    assertEquals(codeChange, notice.getJuminhyoCodeChangeNotice().getChange());
    PrefServer tokyo = pref(TOKYO);
    assertTrue(tokyo.registry().current(old).isEmpty(), "東京都's server retired the old code");
    assertTrue(tokyo.registry().history(old).isEmpty());
    IdentityInfo removed = tokyo.registry().current(fresh).orElseThrow();
    assertTrue(
        removed.getRemoved() && removed.getMunicipalityCode().equals(CHIYODA), removed.toString());
    assertEquals(3, tokyo.registry().history(fresh).size());
    assertTrue(national().registry().current(old).isEmpty());
    assertEquals(KOFU, national().registry().current(fresh).orElseThrow().getMunicipalityCode());

    // A 転出確定 still under the old code asks again: the same route id, so no second notice.
    IdentityChange confirmed =
        change(
            CHIYODA,
            3,
            ChangeOperation.CHANGE_OPERATION_REMOVE,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
            "2021-04-01",
            p);
    chiyoda.sendAndAck(confirmed);
    await().atMost(WAIT).until(() -> national().appliedThrough().getOrDefault(CHIYODA, 0L) == 3);
    assertEquals(1, national().status().getCountersOrThrow("code_change_notices"));
    assertEquals(1, tokyo.status().getCountersOrThrow("code_changes_followed"));
    assertEquals(
        1, chiyoda.received.stream().filter(RoutedMessage::hasJuminhyoCodeChangeNotice).count());
    assertTrue(tokyo.registry().current(old).isEmpty());
    assertEquals(4, tokyo.registry().history(fresh).size());
  }

  @Test
  void onlyTheNationalServerMaySendCodeChangeNotices() throws Exception {
    FakeCs kofu = cs(KOFU);
    IdentityInfo p = newPerson("偽装 四郎", "甲府市1");
    kofu.sendAndAck(birth(KOFU, 1, p));
    await()
        .atMost(WAIT)
        .until(() -> pref(YAMANASHI).registry().current(p.getJuminhyoCode()).isPresent());
    String fresh = JuminhyoCode.random(rng).value();
    IdentityChange codeChange =
        change(
                KOFU,
                2,
                ChangeOperation.CHANGE_OPERATION_AMEND,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2021-05-01",
                p.toBuilder().setJuminhyoCode(fresh).build())
            .toBuilder()
            .setPreviousJuminhyoCode(p.getJuminhyoCode())
            .build();
    RoutedMessage forged =
        jp.jukinet.node.relay.CodeChangeNotices.notice(
            codeChange, FUJIYOSHIDA, System.currentTimeMillis());
    RemoteErrorException e = remoteError(kofu.route(forged));
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, e.code());
    assertTrue(e.definite());
    assertTrue(e.getMessage().contains("national server"), e.getMessage());
    assertTrue(pref(YAMANASHI).registry().current(fresh).isEmpty(), "nothing applied");
    assertTrue(pref(YAMANASHI).registry().current(p.getJuminhyoCode()).isPresent());
    assertEquals(0, pref(YAMANASHI).status().getCountersOrThrow("code_changes_followed"));
    assertEquals(
        KOFU + "-1",
        kofu.route(moveInNotice(KOFU + "-1", KOFU, CHIYODA, p))
            .get(20, TimeUnit.SECONDS)
            .getRoutedAck()
            .getRouteId(),
        "the connection still works");
  }

  @Test
  void whileTheNationalServerIsDownThePrefectureHoldsTheLagAndResendsAfterItReturns()
      throws Exception {
    FakeCs kofu = cs(KOFU);
    PrefServer yamanashi = pref(YAMANASHI);
    net.stop(NATIONAL);
    await()
        .atMost(WAIT)
        .until(() -> upstreamLink(yamanashi.status()).getState().name().endsWith("CONNECTING"));
    List<IdentityChange> changes = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      changes.add(birth(KOFU, i, newPerson("待機 " + i, "甲府市")));
    }
    assertEquals(
        100,
        kofu.sendAndAck(changes.toArray(IdentityChange[]::new)).getAcks(0).getThroughSequence());
    LinkStatus lag = upstreamLink(yamanashi.status());
    assertEquals(100, lag.getUnackedChanges());
    assertTrue(
        lag.getOldestUnackedMillis() > 0
            && lag.getOldestUnackedMillis() <= System.currentTimeMillis());

    net.restart(NATIONAL);
    await().atMost(WAIT).until(() -> national().appliedThrough().getOrDefault(KOFU, 0L) == 100);
    await().atMost(WAIT).until(() -> upstreamLink(yamanashi.status()).getUnackedChanges() == 0);
    assertEquals(100, national().registry().count());
  }

  private LinkStatus upstreamLink(NodeStatus s) {
    return s.getLinksList().stream().filter(LinkStatus::getOutbound).findFirst().orElseThrow();
  }

  private static RuntimeException rethrow(Throwable e) {
    return e instanceof RuntimeException r ? r : new RuntimeException(e);
  }

  private static RemoteErrorException remoteError(
      java.util.concurrent.CompletableFuture<Envelope> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
    Throwable cause = e.getCause();
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return assertInstanceOf(RemoteErrorException.class, cause);
  }
}
