package jp.jukinet.sim.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import jp.jukinet.cs.CsNode;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Amend;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Death;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ExOfficioRemoval;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.JuminhyoCodeChange;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveInFromAbroad;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.MoveOutAbroad;
import jp.jukinet.protocol.proto.MoveWithin;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentQueryResponse;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.protocol.proto.SpecialMoveOut;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.testing.TestTopologies;
import jp.jukinet.sim.workload.OperatorClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resident operation, end to end: an operator (its own certificate {@code op-<code>-01}) asks
 * a real CS over mutual TLS, and the resulting 本人確認情報 and 変更情報 are awaited at the prefecture server
 * and the national server. One network for the class, in one JVM so the test can look into every
 * registry (全国サーバ, 山梨県 with 甲府市 and 富士吉田市, 東京都 with 千代田区 and 中央区; real sockets, TLS and RocksDB);
 * each test uses its own residents, so the tests do not depend on each other's order. Its
 * both-modes counterpart is {@link CodeChangeAcrossPrefecturesIT}.
 */
@Timeout(90)
class OperationsToNationalIT {
  private static final String KOFU = "192015";
  private static final String FUJIYOSHIDA = "192023";
  private static final String CHIYODA = "131016";
  private static final String CHUO = "131024";
  private static final List<String> CSS = List.of(KOFU, FUJIYOSHIDA, CHIYODA, CHUO);
  private static final PeerId NATIONAL = PeerId.national();
  private static final PeerId YAMANASHI = PeerId.prefecture("190004");
  private static final PeerId TOKYO =
      PeerId.prefecture(LocalGovernmentCode.prefecture("13").value());
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @TempDir static Path tmp;
  @RegisterExtension static final TestNetworks networks = new TestNetworks();
  private static NodeRuntime runtime;
  private static NationalServer national;
  private static final Map<PeerId, PrefServer> prefs = new LinkedHashMap<>();
  private static final Map<String, CsNode> css = new LinkedHashMap<>();
  private static OperatorClient operators;
  private static final Random rng = new Random(20240401);

  @BeforeAll
  static void startNetwork() {
    LocalNetwork net =
        networks.start(TestTopologies.load(TestTopologies.YAMANASHI_TOKYO), Mode.IN_JVM, tmp);
    net.awaitAllLinksUp(WAIT);
    national = (NationalServer) net.inJvmNode(NATIONAL);
    for (PeerId p : List.of(YAMANASHI, TOKYO)) {
      prefs.put(p, (PrefServer) net.inJvmNode(p));
    }
    for (String cs : CSS) {
      css.put(cs, (CsNode) net.inJvmNode(PeerId.cs(cs)));
    }
    runtime = NodeRuntime.create(1, 2);
    operators =
        new OperatorClient(
            runtime.transport(),
            net.directory().pkiDir(),
            OperatorClient.csAddresses(net.state()),
            Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopClients() {
    if (operators != null) {
      operators.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  // --- 記載 ------------------------------------------------------------------------------------

  @Test
  void birthGetsNewValidCodesAndIsRecordedAtTheNationalServer() throws Exception {
    ResidentOperationResponse r =
        operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setBirth(
                    Birth.newBuilder()
                        .setFourItems(four("山梨 花子", "2020-04-01", Sex.SEX_FEMALE, "甲府市丸の内1-1"))));
    IdentityInfo born = r.getIdentity();
    String code = born.getJuminhyoCode();
    assertTrue(JuminhyoCode.isValid(code), code);
    assertTrue(IndividualNumber.isValid(born.getIndividualNumber()), born.getIndividualNumber());
    assertEquals(KOFU, born.getMunicipalityCode());

    IdentityInfo atNs = awaitNs(code, i -> true);
    assertEquals(born, atNs);
    List<IdentityChange> history = national.registry().history(code);
    assertEquals(1, history.size(), history.toString());
    assertChange(
        history.get(0),
        KOFU,
        ChangeOperation.CHANGE_OPERATION_RECORD,
        ChangeReason.CHANGE_REASON_BIRTH,
        "2020-04-01");
    assertEquals(
        code,
        national
            .registry()
            .byIndividualNumber(born.getIndividualNumber())
            .orElseThrow()
            .getJuminhyoCode());
    assertEquals(List.of(born), national.registry().byFourItems("山梨花子", "2020-04-01"));
    assertEquals(born, ps(KOFU).registry().current(code).orElseThrow());
    assertEquals(history, ps(KOFU).registry().history(code));
    assertTrue(ps(CHIYODA).registry().current(code).isEmpty(), "東京都 knows nothing of a 甲府市 birth");
  }

  @Test
  void moveInFromAbroadGetsANewCodeAndKeepsAGivenIndividualNumber() throws Exception {
    String number = IndividualNumber.random(rng).value();
    IdentityInfo in =
        operate(
                CHUO,
                ResidentOperationRequest.newBuilder()
                    .setReasonDate(daysAgo(1))
                    .setMoveInFromAbroad(
                        MoveInFromAbroad.newBuilder()
                            .setIndividualNumber(number)
                            .setFourItems(
                                four("Smith John", "1990-01-01", Sex.SEX_MALE, "中央区銀座1-1"))))
            .getIdentity();
    assertTrue(JuminhyoCode.isValid(in.getJuminhyoCode()));
    assertEquals(number, in.getIndividualNumber());
    IdentityInfo atNs = awaitNs(in.getJuminhyoCode(), i -> true);
    assertEquals(in, atNs);
    List<IdentityChange> history = national.registry().history(in.getJuminhyoCode());
    assertEquals(1, history.size());
    assertChange(
        history.get(0),
        CHUO,
        ChangeOperation.CHANGE_OPERATION_RECORD,
        ChangeReason.CHANGE_REASON_MOVE_IN_FROM_ABROAD,
        daysAgo(1));
    assertEquals(
        in.getJuminhyoCode(),
        national.registry().byIndividualNumber(number).orElseThrow().getJuminhyoCode());
    assertEquals(history, ps(CHUO).registry().history(in.getJuminhyoCode()));
    assertEquals(in, ps(CHUO).registry().current(in.getJuminhyoCode()).orElseThrow());
  }

  // --- 転出 / 転入 ----------------------------------------------------------------------------

  @Test
  void ordinaryMoveWithinAPrefecture() throws Exception {
    ordinaryMove(FUJIYOSHIDA, KOFU, "富士 桜");
  }

  @Test
  void ordinaryMoveAcrossPrefectures() throws Exception {
    ordinaryMove(CHIYODA, KOFU, "千代田 一郎");
  }

  /**
   * 転出 at {@code from} (消除 dated the planned day), then 転入 at {@code to} with the same codes, then
   * 転出確定.
   */
  private void ordinaryMove(String from, String to, String name) throws Exception {
    IdentityInfo p = born(from, name, "1985-06-15", "旧住所" + from);
    String code = p.getJuminhyoCode();
    String planned = daysAgo(2);
    ResidentOperationResponse out =
        operate(
            from,
            ResidentOperationRequest.newBuilder()
                .setMoveOut(
                    MoveOut.newBuilder()
                        .setJuminhyoCode(code)
                        .setPlannedDate(planned)
                        .setDestinationMunicipality(to)
                        .setDestinationAddress("新住所" + to)));
    assertTrue(out.getIdentity().getRemoved());
    IdentityInfo removed = awaitNs(code, IdentityInfo::getRemoved);
    assertEquals(from, removed.getMunicipalityCode());
    IdentityChange moveOut = last(national.registry().history(code));
    assertChange(
        moveOut,
        from,
        ChangeOperation.CHANGE_OPERATION_REMOVE,
        ChangeReason.CHANGE_REASON_MOVE_OUT,
        planned);
    assertEquals(to, moveOut.getDestinationMunicipality());
    await()
        .atMost(WAIT)
        .until(() -> ps(from).registry().current(code).map(IdentityInfo::getRemoved).orElse(false));

    ResidentOperationResponse in =
        operate(
            to,
            ResidentOperationRequest.newBuilder()
                .setMoveIn(
                    MoveIn.newBuilder()
                        .setFourItems(p.getFourItems().toBuilder().setAddress("新住所" + to))
                        .setPreviousJuminhyoCode(code)
                        .setIndividualNumber(p.getIndividualNumber())
                        .setPreviousMunicipality(from)
                        .setPreviousAddress(p.getFourItems().getAddress())));
    assertEquals(code, in.getIdentity().getJuminhyoCode(), "転入 carries the 住民票コード over");
    assertEquals(p.getIndividualNumber(), in.getIdentity().getIndividualNumber());
    String today = today();

    // The 転入通知 brings 転出確定 at the old CS; it too reaches the national server.
    await()
        .atMost(WAIT)
        .until(
            () ->
                hasReason(
                    national.registry().history(code),
                    ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED));
    IdentityInfo atNs = national.registry().current(code).orElseThrow();
    assertEquals(in.getIdentity(), atNs);
    assertEquals(to, atNs.getMunicipalityCode());
    assertFalse(atNs.getRemoved());
    List<IdentityChange> history = national.registry().history(code);
    assertEquals(
        List.of(
            ChangeReason.CHANGE_REASON_BIRTH,
            ChangeReason.CHANGE_REASON_MOVE_OUT,
            ChangeReason.CHANGE_REASON_MOVE_IN,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED),
        reasons(history));
    IdentityChange moveIn = history.get(2);
    assertChange(
        moveIn,
        to,
        ChangeOperation.CHANGE_OPERATION_RECORD,
        ChangeReason.CHANGE_REASON_MOVE_IN,
        today);
    assertEquals(code, moveIn.getPreviousJuminhyoCode());
    assertEquals(from, moveIn.getPreviousMunicipality());
    assertChange(
        history.get(3),
        from,
        ChangeOperation.CHANGE_OPERATION_REMOVE,
        ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
        today);
    assertEquals(
        code,
        national
            .registry()
            .byIndividualNumber(p.getIndividualNumber())
            .orElseThrow()
            .getJuminhyoCode());
    assertTrue(
        national.registry().listRecords(from, null, 1000).stream()
            .noneMatch(i -> i.getJuminhyoCode().equals(code)));
    assertTrue(national.registry().listRecords(to, null, 1000).contains(atNs));

    // Prefecture servers: each holds what its own CSs reported.
    awaitPsChanges(to, code, prefOf(from).equals(prefOf(to)) ? 4 : 1);
    assertEquals(atNs, ps(to).registry().current(code).orElseThrow());
    if (!prefOf(from).equals(prefOf(to))) {
      awaitPsChanges(from, code, 3);
      IdentityInfo old = ps(from).registry().current(code).orElseThrow();
      assertTrue(old.getRemoved() && old.getMunicipalityCode().equals(from), old.toString());
      assertEquals(
          List.of(
              ChangeReason.CHANGE_REASON_BIRTH,
              ChangeReason.CHANGE_REASON_MOVE_OUT,
              ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED),
          reasons(ps(from).registry().history(code)));
      assertEquals(
          List.of(ChangeReason.CHANGE_REASON_MOVE_IN), reasons(ps(to).registry().history(code)));
    } else {
      assertEquals(history, ps(to).registry().history(code));
    }
  }

  @Test
  void moveOutAbroadIsRemovedWithThePlannedDate() throws Exception {
    IdentityInfo p = born(KOFU, "海外 行子", "1970-07-07", "甲府市中央1-1");
    String planned = daysAgo(3);
    operate(
        KOFU,
        ResidentOperationRequest.newBuilder()
            .setMoveOutAbroad(
                MoveOutAbroad.newBuilder()
                    .setJuminhyoCode(p.getJuminhyoCode())
                    .setPlannedDate(planned)
                    .setDestinationCountry("France")));
    IdentityInfo atNs = awaitNs(p.getJuminhyoCode(), IdentityInfo::getRemoved);
    assertEquals(p.toBuilder().setRemoved(true).build(), atNs);
    List<IdentityChange> history = national.registry().history(p.getJuminhyoCode());
    assertEquals(2, history.size());
    assertChange(
        history.get(1),
        KOFU,
        ChangeOperation.CHANGE_OPERATION_REMOVE,
        ChangeReason.CHANGE_REASON_MOVE_OUT_ABROAD,
        planned);
    awaitPsChanges(KOFU, p.getJuminhyoCode(), 2);
    assertEquals(history, ps(KOFU).registry().history(p.getJuminhyoCode()));
    assertEquals(atNs, ps(KOFU).registry().current(p.getJuminhyoCode()).orElseThrow());
    assertTrue(
        national.registry().listRecords(KOFU, null, 1000).stream()
            .noneMatch(i -> i.getJuminhyoCode().equals(p.getJuminhyoCode())),
        "a removed record is not listed");
  }

  @Test
  void specialMoveWithinAPrefecture() throws Exception {
    specialMove(FUJIYOSHIDA, KOFU, "特例 一子");
  }

  @Test
  void specialMoveAcrossPrefectures() throws Exception {
    specialMove(CHUO, FUJIYOSHIDA, "特例 二郎");
  }

  /** 特例転出 at {@code from}, 特例転入 at {@code to} with the card (転出証明書情報 over the network), 転出確定. */
  private void specialMove(String from, String to, String name) throws Exception {
    IdentityInfo p = born(from, name, "1999-09-09", "旧住所" + from);
    String code = p.getJuminhyoCode();
    String planned = daysAgo(1);
    operate(
        from,
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveOut(
                SpecialMoveOut.newBuilder()
                    .setJuminhyoCode(code)
                    .setPlannedDate(planned)
                    .setDestinationMunicipality(to)
                    .setDestinationAddress("新住所" + to)));
    awaitNs(code, IdentityInfo::getRemoved);
    assertChange(
        last(national.registry().history(code)),
        from,
        ChangeOperation.CHANGE_OPERATION_REMOVE,
        ChangeReason.CHANGE_REASON_SPECIAL_MOVE_OUT,
        planned);

    ResidentOperationResponse in =
        operate(
            to,
            ResidentOperationRequest.newBuilder()
                .setSpecialMoveIn(
                    SpecialMoveIn.newBuilder()
                        .setPreviousJuminhyoCode(code)
                        .setPreviousMunicipality(from)
                        .setNewAddress("新住所" + to)
                        .setCardPin("1234")));
    IdentityInfo expected =
        p.toBuilder()
            .setMunicipalityCode(to)
            .setFourItems(p.getFourItems().toBuilder().setAddress("新住所" + to))
            .build();
    assertEquals(expected, in.getIdentity(), "the 4情報 and codes come from the 転出証明書情報");

    await()
        .atMost(WAIT)
        .until(
            () ->
                hasReason(
                    national.registry().history(code),
                    ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED));
    assertEquals(expected, national.registry().current(code).orElseThrow());
    List<IdentityChange> history = national.registry().history(code);
    assertEquals(
        List.of(
            ChangeReason.CHANGE_REASON_BIRTH,
            ChangeReason.CHANGE_REASON_SPECIAL_MOVE_OUT,
            ChangeReason.CHANGE_REASON_SPECIAL_MOVE_IN,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED),
        reasons(history));
    IdentityChange moveIn = history.get(2);
    assertChange(
        moveIn,
        to,
        ChangeOperation.CHANGE_OPERATION_RECORD,
        ChangeReason.CHANGE_REASON_SPECIAL_MOVE_IN,
        today());
    assertEquals(from, moveIn.getPreviousMunicipality());
    assertEquals(p.getFourItems().getAddress(), moveIn.getPreviousAddress());
    awaitPsChanges(to, code, prefOf(from).equals(prefOf(to)) ? 4 : 1);
    assertEquals(expected, ps(to).registry().current(code).orElseThrow());
    if (!prefOf(from).equals(prefOf(to))) {
      awaitPsChanges(from, code, 3);
      assertTrue(ps(from).registry().current(code).orElseThrow().getRemoved());
    }

    // The 転出証明書情報 was used: a second 特例転入 elsewhere is refused and changes nothing.
    String elsewhere = from.equals(CHIYODA) || to.equals(CHIYODA) ? KOFU : CHIYODA;
    RemoteErrorException again =
        refused(
            elsewhere,
            ResidentOperationRequest.newBuilder()
                .setSpecialMoveIn(
                    SpecialMoveIn.newBuilder()
                        .setPreviousJuminhyoCode(code)
                        .setPreviousMunicipality(from)
                        .setNewAddress("別の住所")
                        .setCardPin("1234")));
    assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, again.code(), again.getMessage());
  }

  // --- 修正 ------------------------------------------------------------------------------------

  @Test
  void moveWithinAmendsTheAddressAndTheAsOfQueryShowsTheRecordBeforeIt() throws Exception {
    IdentityInfo p = born(KOFU, "転居 太郎", "1980-05-05", "甲府市丸の内1-1");
    String code = p.getJuminhyoCode();
    String movedOn = daysAgo(5);
    ResidentOperationResponse r =
        operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setReasonDate(movedOn)
                .setMoveWithin(
                    MoveWithin.newBuilder().setJuminhyoCode(code).setNewAddress("甲府市相生2-2")));
    IdentityInfo atNs = awaitNs(code, i -> i.getFourItems().getAddress().equals("甲府市相生2-2"));
    assertEquals(r.getIdentity(), atNs);
    List<IdentityChange> history = national.registry().history(code);
    assertEquals(2, history.size());
    assertChange(
        history.get(1),
        KOFU,
        ChangeOperation.CHANGE_OPERATION_AMEND,
        ChangeReason.CHANGE_REASON_MOVE_WITHIN,
        movedOn);
    assertEquals("甲府市丸の内1-1", history.get(1).getPreviousAddress());

    LocalDate moved = LocalDate.parse(movedOn);
    assertEquals(
        p,
        national.registry().asOf(code, moved.minusDays(1)).orElseThrow(),
        "as it was the day before");
    assertEquals(atNs, national.registry().asOf(code, moved).orElseThrow());
    assertTrue(
        national.registry().asOf(code, LocalDate.parse("1980-05-04")).isEmpty(),
        "before the 出生: no record");
    awaitPsChanges(KOFU, code, 2);
    assertEquals(p, ps(KOFU).registry().asOf(code, moved.minusDays(1)).orElseThrow());
    assertEquals(atNs, ps(KOFU).registry().current(code).orElseThrow());
  }

  @Test
  void nameChangeAndExOfficioCorrectionUpdateTheRecordAndTheFourItemsIndex() throws Exception {
    IdentityInfo p = born(CHIYODA, "旧姓 花子", "1992-02-02", "千代田区永田町1-1");
    String code = p.getJuminhyoCode();
    operate(
        CHIYODA,
        ResidentOperationRequest.newBuilder()
            .setAmend(
                Amend.newBuilder()
                    .setJuminhyoCode(code)
                    .setReason(ChangeReason.CHANGE_REASON_NAME_CHANGE)
                    .setName("新姓 花子")));
    awaitNs(code, i -> i.getFourItems().getName().equals("新姓 花子"));
    assertChange(
        last(national.registry().history(code)),
        CHIYODA,
        ChangeOperation.CHANGE_OPERATION_AMEND,
        ChangeReason.CHANGE_REASON_NAME_CHANGE,
        today());
    assertTrue(
        national.registry().byFourItems("旧姓 花子", "1992-02-02").isEmpty(),
        "the old name is unindexed");
    assertEquals(
        code, national.registry().byFourItems("新姓　花子", "1992-02-02").get(0).getJuminhyoCode());

    ResidentOperationResponse corrected =
        operate(
            CHIYODA,
            ResidentOperationRequest.newBuilder()
                .setAmend(
                    Amend.newBuilder()
                        .setJuminhyoCode(code)
                        .setReason(ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT)
                        .setBirthDate("1992-03-02")
                        .setSex(Sex.SEX_MALE)));
    IdentityInfo atNs = awaitNs(code, i -> i.getFourItems().getBirthDate().equals("1992-03-02"));
    assertEquals(corrected.getIdentity(), atNs);
    assertEquals(Sex.SEX_MALE, atNs.getFourItems().getSex());
    assertEquals("新姓 花子", atNs.getFourItems().getName());
    assertEquals(
        List.of(
            ChangeReason.CHANGE_REASON_BIRTH,
            ChangeReason.CHANGE_REASON_NAME_CHANGE,
            ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT),
        reasons(national.registry().history(code)));
    assertChange(
        last(national.registry().history(code)),
        CHIYODA,
        ChangeOperation.CHANGE_OPERATION_AMEND,
        ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT,
        today());
    assertTrue(national.registry().byFourItems("新姓 花子", "1992-02-02").isEmpty());
    assertEquals(List.of(atNs), national.registry().byFourItems("新姓 花子", "1992-03-02"));
    awaitPsChanges(CHIYODA, code, 3);
    assertEquals(atNs, ps(CHIYODA).registry().current(code).orElseThrow());
    assertEquals(national.registry().history(code), ps(CHIYODA).registry().history(code));
  }

  // --- 消除 ------------------------------------------------------------------------------------

  @Test
  void deathRemovesTheRecord() throws Exception {
    removal(
        CHUO,
        "死亡 太郎",
        ChangeReason.CHANGE_REASON_DEATH,
        code ->
            ResidentOperationRequest.newBuilder()
                .setDeath(Death.newBuilder().setJuminhyoCode(code)));
  }

  @Test
  void exOfficioRemovalRemovesTheRecord() throws Exception {
    removal(
        FUJIYOSHIDA,
        "職権 消子",
        ChangeReason.CHANGE_REASON_EX_OFFICIO_REMOVAL,
        code ->
            ResidentOperationRequest.newBuilder()
                .setExOfficioRemoval(ExOfficioRemoval.newBuilder().setJuminhyoCode(code)));
  }

  private void removal(
      String cs,
      String name,
      ChangeReason reason,
      java.util.function.Function<String, ResidentOperationRequest.Builder> request)
      throws Exception {
    IdentityInfo p = born(cs, name, "1950-01-01", "住所" + cs);
    String code = p.getJuminhyoCode();
    String on = daysAgo(1);
    ResidentOperationResponse r = operate(cs, request.apply(code).setReasonDate(on));
    assertTrue(r.getIdentity().getRemoved());
    IdentityInfo atNs = awaitNs(code, IdentityInfo::getRemoved);
    assertEquals(p.toBuilder().setRemoved(true).build(), atNs);
    List<IdentityChange> history = national.registry().history(code);
    assertEquals(2, history.size());
    assertChange(history.get(1), cs, ChangeOperation.CHANGE_OPERATION_REMOVE, reason, on);
    assertEquals(p, national.registry().asOf(code, LocalDate.parse(on).minusDays(1)).orElseThrow());
    awaitPsChanges(cs, code, 2);
    assertEquals(atNs, ps(cs).registry().current(code).orElseThrow());
    assertEquals(history, ps(cs).registry().history(code));
  }

  // --- 住民票コード変更 -------------------------------------------------------------------------

  @Test
  void codeChangeRetiresTheOldCodeEverywhereButItsSuccessorIsKnownAtTheNationalServer()
      throws Exception {
    IdentityInfo p = born(FUJIYOSHIDA, "番号 変子", "1988-08-08", "富士吉田市上吉田1-1");
    String old = p.getJuminhyoCode();
    operate(
        FUJIYOSHIDA,
        ResidentOperationRequest.newBuilder()
            .setReasonDate(daysAgo(4))
            .setMoveWithin(
                MoveWithin.newBuilder().setJuminhyoCode(old).setNewAddress("富士吉田市下吉田2-2")));
    awaitNs(old, i -> i.getFourItems().getAddress().equals("富士吉田市下吉田2-2"));

    ResidentOperationResponse r =
        operate(
            FUJIYOSHIDA,
            ResidentOperationRequest.newBuilder()
                .setJuminhyoCodeChange(JuminhyoCodeChange.newBuilder().setJuminhyoCode(old)));
    String fresh = r.getIdentity().getJuminhyoCode();
    assertNotEquals(old, fresh);
    assertTrue(JuminhyoCode.isValid(fresh), fresh);
    assertEquals(p.getIndividualNumber(), r.getIdentity().getIndividualNumber());
    assertEquals(old, r.getChange().getPreviousJuminhyoCode());

    IdentityInfo atNs = awaitNs(fresh, i -> true);
    assertEquals(r.getIdentity(), atNs);
    List<IdentityChange> history = national.registry().history(fresh);
    assertEquals(
        List.of(
            ChangeReason.CHANGE_REASON_BIRTH,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE),
        reasons(history),
        "the whole history moved to the new code");
    assertChange(
        history.get(2),
        FUJIYOSHIDA,
        ChangeOperation.CHANGE_OPERATION_AMEND,
        ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
        today());

    // National server: the old code resolves nowhere, except for 開示's successor lookup.
    assertRetired(national.registry(), old, fresh, p);
    assertEquals(Optional.of(fresh), national.registry().retiredCodeSuccessor(old));
    assertEquals(
        Optional.empty(),
        national.registry().retiredCodeSuccessor(fresh),
        "the new code is not retired");
    assertTrue(
        national.registry().listRecords(FUJIYOSHIDA, null, 1000).stream()
            .noneMatch(i -> i.getJuminhyoCode().equals(old)));
    assertTrue(national.registry().listRecords(FUJIYOSHIDA, null, 1000).contains(atNs));

    // Prefecture server.
    awaitPsChanges(FUJIYOSHIDA, fresh, 3);
    assertEquals(atNs, ps(FUJIYOSHIDA).registry().current(fresh).orElseThrow());
    assertRetired(ps(FUJIYOSHIDA).registry(), old, fresh, p);

    // CS: its own registry, and the operator's query and operations.
    assertRetired(css.get(FUJIYOSHIDA).store().registry(), old, fresh, p);
    assertEquals(
        0, query(FUJIYOSHIDA, ResidentQuery.newBuilder().setJuminhyoCode(old)).getResidentsCount());
    ResidentQueryResponse byNew =
        query(FUJIYOSHIDA, ResidentQuery.newBuilder().setJuminhyoCode(fresh));
    assertEquals(atNs, byNew.getResidents(0).getIdentity());
    ResidentQueryResponse byFour =
        query(
            FUJIYOSHIDA,
            ResidentQuery.newBuilder()
                .setFourItems(FourItems.newBuilder().setName("番号 変子").setBirthDate("1988-08-08")));
    assertEquals(1, byFour.getResidentsCount());
    assertEquals(fresh, byFour.getResidents(0).getIdentity().getJuminhyoCode());
    RemoteErrorException gone =
        refused(
            FUJIYOSHIDA,
            ResidentOperationRequest.newBuilder()
                .setMoveWithin(MoveWithin.newBuilder().setJuminhyoCode(old).setNewAddress("どこか")));
    assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, gone.code());
    assertTrue(gone.getMessage().contains(old), gone.getMessage());
  }

  @Test
  void codeChangeAfterAMoveAcrossPrefecturesRetiresTheOldCodeEverywhere() throws Exception {
    IdentityInfo p = born(CHIYODA, "越境 変一", "1981-01-01", "千代田区九段1-1");
    String old = p.getJuminhyoCode();
    operate(
        CHIYODA,
        ResidentOperationRequest.newBuilder()
            .setMoveOut(
                MoveOut.newBuilder()
                    .setJuminhyoCode(old)
                    .setPlannedDate(daysAgo(2))
                    .setDestinationMunicipality(FUJIYOSHIDA)));
    operate(
        FUJIYOSHIDA,
        ResidentOperationRequest.newBuilder()
            .setMoveIn(
                MoveIn.newBuilder()
                    .setFourItems(p.getFourItems().toBuilder().setAddress("富士吉田市新倉1"))
                    .setPreviousJuminhyoCode(old)
                    .setIndividualNumber(p.getIndividualNumber())
                    .setPreviousMunicipality(CHIYODA)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                hasReason(
                    national.registry().history(old),
                    ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED));
    String fresh =
        operate(
                FUJIYOSHIDA,
                ResidentOperationRequest.newBuilder()
                    .setJuminhyoCodeChange(JuminhyoCodeChange.newBuilder().setJuminhyoCode(old)))
            .getIdentity()
            .getJuminhyoCode();
    IdentityInfo atNs = awaitNs(fresh, i -> true);
    assertEquals(FUJIYOSHIDA, atNs.getMunicipalityCode());
    assertEquals(
        List.of(
            ChangeReason.CHANGE_REASON_BIRTH,
            ChangeReason.CHANGE_REASON_MOVE_OUT,
            ChangeReason.CHANGE_REASON_MOVE_IN,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
            ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE),
        reasons(national.registry().history(fresh)));
    assertRetired(national.registry(), old, fresh, p);
    assertEquals(Optional.of(fresh), national.registry().retiredCodeSuccessor(old));
    awaitPsChanges(FUJIYOSHIDA, fresh, 2);
    assertRetired(ps(FUJIYOSHIDA).registry(), old, fresh, p);
    // The national server tells the former municipality: 東京都's server and 千代田区's CS retire
    // the old code too, and keep the 除票 (removed, registered in 千代田区) under the new one.
    await()
        .atMost(WAIT)
        .until(
            () ->
                ps(CHIYODA).registry().current(fresh).isPresent()
                    && css.get(CHIYODA).store().registry().current(fresh).isPresent());
    for (IdentityRegistry former :
        List.of(ps(CHIYODA).registry(), css.get(CHIYODA).store().registry())) {
      assertRetired(former, old, fresh, p);
      IdentityInfo removed = former.current(fresh).orElseThrow();
      assertTrue(
          removed.getRemoved() && removed.getMunicipalityCode().equals(CHIYODA),
          removed.toString());
      assertEquals(
          ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE, last(former.history(fresh)).getReason());
    }
    assertEquals(
        0, query(CHIYODA, ResidentQuery.newBuilder().setJuminhyoCode(old)).getResidentsCount());
  }

  private static void assertRetired(
      IdentityRegistry registry, String old, String fresh, IdentityInfo p) {
    assertTrue(registry.current(old).isEmpty(), "current(old)");
    assertTrue(registry.history(old).isEmpty(), "history(old)");
    assertTrue(registry.asOf(old, LocalDate.now(JAPAN)).isEmpty(), "asOf(old)");
    assertTrue(
        registry.asOf(old, LocalDate.parse(p.getFourItems().getBirthDate())).isEmpty(),
        "asOf(old, birth)");
    assertEquals(
        fresh,
        registry.byIndividualNumber(p.getIndividualNumber()).orElseThrow().getJuminhyoCode());
    List<String> byFour =
        registry.byFourItems(p.getFourItems().getName(), p.getFourItems().getBirthDate()).stream()
            .map(IdentityInfo::getJuminhyoCode)
            .toList();
    assertEquals(List.of(fresh), byFour, "4情報 finds the new code only");
  }

  // --- refused requests -----------------------------------------------------------------------

  @Test
  void refusedRequestsChangeNothingAtThePrefectureOrNationalServer() throws Exception {
    IdentityInfo kofuResident = born(KOFU, "甲府 住人", "1975-03-03", "甲府市住吉1-1");
    IdentityInfo fujiResident = born(FUJIYOSHIDA, "富士 住人", "1976-04-04", "富士吉田市松山1-1");
    IdentityInfo chiyodaResident = born(CHIYODA, "千代田 住人", "1977-05-05", "千代田区丸の内1-1");
    IdentityInfo dead = born(KOFU, "故人 一", "1930-01-01", "甲府市朝日1-1");
    operate(
        KOFU,
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(dead.getJuminhyoCode())));
    List<String> people =
        List.of(
            kofuResident.getJuminhyoCode(),
            fujiResident.getJuminhyoCode(),
            chiyodaResident.getJuminhyoCode(),
            dead.getJuminhyoCode());
    awaitDrained();
    Snapshot before = Snapshot.take(people);

    String unknown = JuminhyoCode.random(rng).value();
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_NOT_FOUND,
        unknown,
        "unknown person",
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(unknown)));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_NOT_FOUND,
        fujiResident.getJuminhyoCode(),
        "another municipality's resident",
        ResidentOperationRequest.newBuilder()
            .setMoveWithin(
                MoveWithin.newBuilder()
                    .setJuminhyoCode(fujiResident.getJuminhyoCode())
                    .setNewAddress("甲府市どこか")));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_NOT_FOUND,
        fujiResident.getJuminhyoCode(),
        "another municipality's death",
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(fujiResident.getJuminhyoCode())));
    String badCheck = badCheckDigit(kofuResident.getJuminhyoCode());
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        badCheck,
        "bad check digit",
        ResidentOperationRequest.newBuilder()
            .setMoveWithin(
                MoveWithin.newBuilder().setJuminhyoCode(badCheck).setNewAddress("甲府市どこか")));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_CONFLICT,
        kofuResident.getJuminhyoCode(),
        "move-in of a resident",
        ResidentOperationRequest.newBuilder()
            .setMoveIn(
                MoveIn.newBuilder()
                    .setFourItems(kofuResident.getFourItems().toBuilder().setAddress("甲府市別の所1"))
                    .setPreviousJuminhyoCode(kofuResident.getJuminhyoCode())
                    .setIndividualNumber(kofuResident.getIndividualNumber())
                    .setPreviousMunicipality(FUJIYOSHIDA)));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_CONFLICT,
        dead.getJuminhyoCode(),
        "death of the dead",
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(dead.getJuminhyoCode())));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_NOT_FOUND,
        fujiResident.getJuminhyoCode(),
        "特例転入 without 特例転出 (same prefecture)",
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveIn(
                SpecialMoveIn.newBuilder()
                    .setPreviousJuminhyoCode(fujiResident.getJuminhyoCode())
                    .setPreviousMunicipality(FUJIYOSHIDA)
                    .setNewAddress("甲府市新1")
                    .setCardPin("4321")));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_NOT_FOUND,
        chiyodaResident.getJuminhyoCode(),
        "特例転入 without 特例転出 (other prefecture)",
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveIn(
                SpecialMoveIn.newBuilder()
                    .setPreviousJuminhyoCode(chiyodaResident.getJuminhyoCode())
                    .setPreviousMunicipality(CHIYODA)
                    .setNewAddress("甲府市新2")
                    .setCardPin("4321")));
    expectRefused(
        KOFU,
        ErrorCode.ERROR_CODE_NOT_FOUND,
        unknown,
        "特例転入 of an unknown person",
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveIn(
                SpecialMoveIn.newBuilder()
                    .setPreviousJuminhyoCode(unknown)
                    .setPreviousMunicipality(CHIYODA)
                    .setNewAddress("甲府市新3")
                    .setCardPin("4321")));
    for (String cs : CSS) {
      assertEquals(
          before.csChanges.get(cs),
          css.get(cs).store().changesRecorded(),
          cs + " recorded no change");
    }

    // A later valid change from the CS that refused them reaches the national server: the
    // pipeline behind the refusals is drained, and nothing else came through it.
    IdentityInfo marker = born(KOFU, "目印 一", "2001-01-01", "甲府市目印1");
    await()
        .atMost(WAIT)
        .until(() -> national.registry().current(marker.getJuminhyoCode()).isPresent());
    awaitDrained();
    Snapshot after = Snapshot.take(people);
    assertEquals(before.nsCount + 1, after.nsCount);
    assertEquals(before.psCount.get(YAMANASHI) + 1, after.psCount.get(YAMANASHI));
    assertEquals(before.psCount.get(TOKYO), after.psCount.get(TOKYO));
    Map<String, Long> expectedNs = new LinkedHashMap<>(before.nsApplied);
    expectedNs.merge(KOFU, 1L, Long::sum);
    assertEquals(expectedNs, after.nsApplied, "only the marker's change came through");
    assertEquals(before.histories, after.histories, "no history changed at the PS or the NS");
    assertEquals(before.records, after.records, "no record changed at the PS or the NS");
  }

  private void expectRefused(
      String cs,
      ErrorCode code,
      String mentioned,
      String what,
      ResidentOperationRequest.Builder request)
      throws Exception {
    RemoteErrorException e = refused(cs, request);
    assertEquals(code, e.code(), what + ": " + e.getMessage());
    assertTrue(e.definite(), what);
    assertTrue(e.getMessage().contains(mentioned), what + ": " + e.getMessage());
  }

  private static String badCheckDigit(String code) {
    char last = code.charAt(code.length() - 1);
    String bad = code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    assertFalse(JuminhyoCode.isValid(bad), bad);
    return bad;
  }

  /** What the PS and NS hold about a set of people, and how much they have applied. */
  private record Snapshot(
      long nsCount,
      Map<PeerId, Long> psCount,
      Map<String, Long> nsApplied,
      Map<String, Long> csChanges,
      Map<String, List<IdentityChange>> histories,
      Map<String, Optional<IdentityInfo>> records) {
    static Snapshot take(List<String> codes) {
      Map<PeerId, Long> psCount = new LinkedHashMap<>();
      prefs.forEach((id, p) -> psCount.put(id, p.registry().count()));
      Map<String, Long> csChanges = new LinkedHashMap<>();
      css.forEach((c, n) -> csChanges.put(c, n.store().changesRecorded()));
      Map<String, List<IdentityChange>> histories = new LinkedHashMap<>();
      Map<String, Optional<IdentityInfo>> records = new LinkedHashMap<>();
      for (String code : codes) {
        histories.put("ns " + code, national.registry().history(code));
        records.put("ns " + code, national.registry().current(code));
        prefs.forEach(
            (id, p) -> {
              histories.put(id.name() + " " + code, p.registry().history(code));
              records.put(id.name() + " " + code, p.registry().current(code));
            });
      }
      return new Snapshot(
          national.registry().count(),
          psCount,
          new LinkedHashMap<>(national.appliedThrough()),
          csChanges,
          histories,
          records);
    }
  }

  /**
   * Every change every CS recorded has been applied at its prefecture server and at the national
   * server.
   */
  private static void awaitDrained() {
    await()
        .atMost(WAIT)
        .until(
            () ->
                css.entrySet().stream()
                    .allMatch(
                        e -> {
                          long recorded = e.getValue().store().changesRecorded();
                          return ps(e.getKey()).appliedThrough().getOrDefault(e.getKey(), 0L)
                                  == recorded
                              && national.appliedThrough().getOrDefault(e.getKey(), 0L) == recorded;
                        }));
  }

  // --- helpers --------------------------------------------------------------------------------

  private static PeerId prefOf(String cs) {
    return cs.startsWith("19") ? YAMANASHI : TOKYO;
  }

  private static PrefServer ps(String cs) {
    return prefs.get(prefOf(cs));
  }

  private static String today() {
    return LocalDate.now(JAPAN).toString();
  }

  private static String daysAgo(int days) {
    return LocalDate.now(JAPAN).minusDays(days).toString();
  }

  private static FourItems.Builder four(String name, String birthDate, Sex sex, String address) {
    return FourItems.newBuilder()
        .setName(name)
        .setBirthDate(birthDate)
        .setSex(sex)
        .setAddress(address);
  }

  private static IdentityInfo born(String cs, String name, String birthDate, String address)
      throws Exception {
    return operate(
            cs,
            ResidentOperationRequest.newBuilder()
                .setBirth(
                    Birth.newBuilder()
                        .setFourItems(four(name, birthDate, Sex.SEX_FEMALE, address))))
        .getIdentity();
  }

  private static ResidentOperationResponse operate(
      String cs, ResidentOperationRequest.Builder request) throws Exception {
    Envelope reply =
        operators.call(
            LocalGovernmentCode.parse(cs),
            Envelope.newBuilder().setResidentOperationRequest(request));
    assertTrue(reply.hasResidentOperationResponse(), reply.toString());
    return reply.getResidentOperationResponse();
  }

  private static RemoteErrorException refused(String cs, ResidentOperationRequest.Builder request) {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                operators.call(
                    LocalGovernmentCode.parse(cs),
                    Envelope.newBuilder().setResidentOperationRequest(request)));
    return assertInstanceOf(RemoteErrorException.class, e, String.valueOf(e));
  }

  private static ResidentQueryResponse query(String cs, ResidentQuery.Builder q) throws Exception {
    return operators
        .call(LocalGovernmentCode.parse(cs), Envelope.newBuilder().setResidentQuery(q))
        .getResidentQueryResponse();
  }

  /** Waits until the national server's current record of {@code code} exists and matches. */
  private static IdentityInfo awaitNs(String code, Predicate<IdentityInfo> condition) {
    await()
        .atMost(WAIT)
        .until(() -> national.registry().current(code).filter(condition).isPresent());
    return national.registry().current(code).orElseThrow();
  }

  private static void awaitPsChanges(String cs, String code, int changes) {
    await().atMost(WAIT).until(() -> ps(cs).registry().history(code).size() >= changes);
    assertEquals(
        changes,
        ps(cs).registry().history(code).size(),
        ps(cs).registry().history(code).toString());
  }

  private static void assertChange(
      IdentityChange c, String source, ChangeOperation op, ChangeReason reason, String reasonDate) {
    assertEquals(source, c.getSourceMunicipality(), c.toString());
    assertEquals(op, c.getOperation(), c.toString());
    assertEquals(reason, c.getReason(), c.toString());
    assertEquals(reasonDate, c.getReasonDate(), c.toString());
  }

  private static boolean hasReason(List<IdentityChange> history, ChangeReason reason) {
    return history.stream().anyMatch(c -> c.getReason() == reason);
  }

  private static List<ChangeReason> reasons(List<IdentityChange> history) {
    return history.stream().map(IdentityChange::getReason).toList();
  }

  private static IdentityChange last(List<IdentityChange> history) {
    return history.get(history.size() - 1);
  }
}
