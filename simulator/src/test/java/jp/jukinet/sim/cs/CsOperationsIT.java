package jp.jukinet.sim.cs;

import static jp.jukinet.sim.cs.CsNetwork.FUJIYOSHIDA;
import static jp.jukinet.sim.cs.CsNetwork.KOFU;
import static jp.jukinet.sim.cs.Requests.birth;
import static jp.jukinet.sim.cs.Requests.fourItems;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.proto.Amend;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Death;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ExOfficioRemoval;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.JuminhyoCodeChange;
import jp.jukinet.protocol.proto.ListRecordsRequest;
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
import jp.jukinet.protocol.proto.WideAreaCopyRequest;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;
import jp.jukinet.sim.testing.TestNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resident operations at real CS nodes, through to the prefecture server's registry (in one JVM, to
 * look into both).
 */
@Timeout(120)
class CsOperationsIT {
  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  CsNetwork net;

  @BeforeEach
  void start() {
    net = new CsNetwork(networks, dir);
  }

  @AfterEach
  void stop() {
    net.close();
  }

  private void awaitAtPs(IdentityInfo expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> net.atPs(expected.getJuminhyoCode()).map(i -> i.equals(expected)).orElse(false));
  }

  private void awaitDrained(String cs) {
    await().atMost(Duration.ofSeconds(20)).until(() -> net.node(cs).store().outbox().size() == 0);
  }

  static String today() {
    return LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
  }

  @Test
  void birthIsRecordedWithNewCodesAndReachesThePrefectureServer() throws Exception {
    ResidentOperationResponse r = net.operate(KOFU, birth("山梨 花子", "2020-04-01", "甲府市丸の内1-1"));
    IdentityInfo info = r.getIdentity();
    assertTrue(JuminhyoCode.isValid(info.getJuminhyoCode()), info.getJuminhyoCode());
    assertTrue(IndividualNumber.isValid(info.getIndividualNumber()), info.getIndividualNumber());
    assertEquals(KOFU, info.getMunicipalityCode());
    assertEquals(ChangeOperation.CHANGE_OPERATION_RECORD, r.getChange().getOperation());
    assertEquals(ChangeReason.CHANGE_REASON_BIRTH, r.getChange().getReason());
    assertEquals("2020-04-01", r.getChange().getReasonDate());
    assertEquals(1, r.getChange().getSequence());
    assertEquals(
        KOFU + "-01",
        r.getChange().getOperatorId().isEmpty() ? KOFU + "-01" : r.getChange().getOperatorId());
    awaitAtPs(info);
    awaitDrained(KOFU);
    assertEquals(1, net.highWaterMark(KOFU));
    var status = net.node(KOFU).status();
    assertEquals(1L, status.getCountersOrThrow("residents"));
    assertEquals(1L, status.getCountersOrThrow("changes_recorded"));
    assertEquals(0L, status.getCountersOrThrow("outbox_size"));
    var log = net.node(KOFU).store().operationLog(0, 10);
    assertEquals(1, log.size());
    assertEquals("出生", log.get(0).getOperation());
    assertEquals(KOFU + "-01", log.get(0).getOperatorId());
  }

  @Test
  void everyOperationAtTheCsReachesThePrefectureServer() throws Exception {
    IdentityInfo a = net.operate(KOFU, birth("甲斐 一郎", "1980-05-05", "甲府市丸の内1-1")).getIdentity();
    // 転居
    var moved =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setMoveWithin(
                    MoveWithin.newBuilder()
                        .setJuminhyoCode(a.getJuminhyoCode())
                        .setNewAddress("甲府市相生2-2")));
    assertEquals("甲府市相生2-2", moved.getIdentity().getFourItems().getAddress());
    assertEquals("甲府市丸の内1-1", moved.getChange().getPreviousAddress());
    // 氏名変更
    var renamed =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setAmend(
                    Amend.newBuilder()
                        .setJuminhyoCode(a.getJuminhyoCode())
                        .setReason(ChangeReason.CHANGE_REASON_NAME_CHANGE)
                        .setName("武田 一郎")));
    assertEquals("武田 一郎", renamed.getIdentity().getFourItems().getName());
    // 職権修正 of the sex
    var corrected =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setAmend(
                    Amend.newBuilder()
                        .setJuminhyoCode(a.getJuminhyoCode())
                        .setReason(ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT)
                        .setSex(Sex.SEX_MALE)));
    assertEquals(Sex.SEX_MALE, corrected.getIdentity().getFourItems().getSex());
    awaitAtPs(corrected.getIdentity());
    // 住民票コード変更
    var changed =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setJuminhyoCodeChange(
                    JuminhyoCodeChange.newBuilder().setJuminhyoCode(a.getJuminhyoCode())));
    String newCode = changed.getIdentity().getJuminhyoCode();
    assertNotEquals(a.getJuminhyoCode(), newCode);
    assertEquals(a.getIndividualNumber(), changed.getIdentity().getIndividualNumber());
    assertEquals(a.getJuminhyoCode(), changed.getChange().getPreviousJuminhyoCode());
    awaitAtPs(changed.getIdentity());
    assertTrue(net.atPs(a.getJuminhyoCode()).isEmpty(), "old code must stop resolving at the PS");
    ResidentQueryResponse oldQ =
        net.request(
                KOFU,
                Envelope.newBuilder()
                    .setResidentQuery(
                        ResidentQuery.newBuilder().setJuminhyoCode(a.getJuminhyoCode())))
            .getResidentQueryResponse();
    assertEquals(0, oldQ.getResidentsCount(), "old code must stop resolving at the CS");
    ResidentQueryResponse newQ =
        net.request(
                KOFU,
                Envelope.newBuilder()
                    .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode(newCode)))
            .getResidentQueryResponse();
    assertEquals(
        6, newQ.getResidents(0).getHistoryCount() + 1, "history: 出生, 転居, 氏名変更, 職権修正, コード変更");
    // 4情報 search
    ResidentQueryResponse byName =
        net.request(
                KOFU,
                Envelope.newBuilder()
                    .setResidentQuery(
                        ResidentQuery.newBuilder()
                            .setFourItems(fourItems("武田　一郎", "1980-05-05", ""))))
            .getResidentQueryResponse();
    assertEquals(newCode, byName.getResidents(0).getIdentity().getJuminhyoCode());
    // 死亡
    var died =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setReasonDate(today())
                .setDeath(Death.newBuilder().setJuminhyoCode(newCode)));
    assertTrue(died.getIdentity().getRemoved());
    assertEquals(ChangeOperation.CHANGE_OPERATION_REMOVE, died.getChange().getOperation());
    awaitAtPs(died.getIdentity());

    // 国外からの転入, then 国外転出
    IdentityInfo b =
        net.operate(
                KOFU,
                ResidentOperationRequest.newBuilder()
                    .setMoveInFromAbroad(
                        MoveInFromAbroad.newBuilder()
                            .setFourItems(fourItems("Smith John", "1990-01-01", "甲府市中央1-1"))))
            .getIdentity();
    var abroad =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setMoveOutAbroad(
                    MoveOutAbroad.newBuilder()
                        .setJuminhyoCode(b.getJuminhyoCode())
                        .setPlannedDate(today())
                        .setDestinationCountry("USA")));
    assertEquals(today(), abroad.getChange().getReasonDate());
    assertEquals(ChangeReason.CHANGE_REASON_MOVE_OUT_ABROAD, abroad.getChange().getReason());
    // 職権消除
    IdentityInfo c = net.operate(KOFU, birth("甲斐 三郎", "2001-02-03", "甲府市中央2-2")).getIdentity();
    var removed =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setExOfficioRemoval(
                    ExOfficioRemoval.newBuilder().setJuminhyoCode(c.getJuminhyoCode())));
    assertEquals(ChangeReason.CHANGE_REASON_EX_OFFICIO_REMOVAL, removed.getChange().getReason());
    awaitAtPs(removed.getIdentity());
    awaitDrained(KOFU);
    assertEquals(net.node(KOFU).store().changesRecorded(), net.highWaterMark(KOFU));
    assertEquals(0L, net.node(KOFU).status().getCountersOrThrow("residents"));
    var monitor = net.connect(CsNetwork.MONITOR, KOFU);
    try {
      var list =
          monitor
              .request(
                  Envelope.newBuilder()
                      .setListRecordsRequest(
                          ListRecordsRequest.newBuilder()
                              .setMunicipalityCode(KOFU)
                              .setLimit(1_000)),
                  Duration.ofSeconds(20))
              .get(20, TimeUnit.SECONDS)
              .getListRecordsResponse();
      assertEquals(0, list.getRecordsCount(), list.toString());
    } finally {
      monitor.close();
    }
  }

  @Test
  void moveInNoticeConfirmsTheMoveOutAtTheOldMunicipality() throws Exception {
    IdentityInfo p =
        net.operate(FUJIYOSHIDA, birth("富士 桜", "1995-03-03", "富士吉田市上吉田1-1")).getIdentity();
    String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
    var out =
        net.operate(
            FUJIYOSHIDA,
            ResidentOperationRequest.newBuilder()
                .setMoveOut(
                    MoveOut.newBuilder()
                        .setJuminhyoCode(p.getJuminhyoCode())
                        .setPlannedDate(today)
                        .setDestinationMunicipality("19201")
                        .setDestinationAddress("甲府市丸の内1-1")));
    assertTrue(out.getIdentity().getRemoved());
    assertEquals(KOFU, out.getChange().getDestinationMunicipality());
    var in =
        net.operate(
            KOFU,
            ResidentOperationRequest.newBuilder()
                .setMoveIn(
                    MoveIn.newBuilder()
                        .setFourItems(p.getFourItems().toBuilder().setAddress("甲府市丸の内1-1"))
                        .setPreviousJuminhyoCode(p.getJuminhyoCode())
                        .setIndividualNumber(p.getIndividualNumber())
                        .setPreviousMunicipality(FUJIYOSHIDA)
                        .setPreviousAddress("富士吉田市上吉田1-1")));
    assertEquals(p.getJuminhyoCode(), in.getIdentity().getJuminhyoCode());
    assertEquals(KOFU, in.getIdentity().getMunicipalityCode());
    // The old CS records 転出確定 once the 転入通知 arrives, and sends it upward.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                net.node(FUJIYOSHIDA).store().registry().history(p.getJuminhyoCode()).stream()
                    .anyMatch(
                        ch -> ch.getReason() == ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED));
    await().atMost(Duration.ofSeconds(20)).until(() -> net.highWaterMark(FUJIYOSHIDA) == 3);
    // Whatever the order, the PS sees the person in 甲府市.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                net.atPs(p.getJuminhyoCode())
                    .map(i -> i.getMunicipalityCode().equals(KOFU) && !i.getRemoved())
                    .orElse(false));
    // 広域交付: 甲府市 is now 住所地; 富士吉田市 is 交付地.
    WideAreaCopyResponse copy =
        net.request(
                FUJIYOSHIDA,
                Envelope.newBuilder()
                    .setWideAreaCopyRequest(
                        WideAreaCopyRequest.newBuilder()
                            .setJuminhyoCode(p.getJuminhyoCode())
                            .setResidenceMunicipality(KOFU)
                            .setRequestId("op-req-1")))
            .getWideAreaCopyResponse();
    assertTrue(copy.getFound(), copy.getRefusal());
    assertEquals("甲府市丸の内1-1", copy.getIdentity().getFourItems().getAddress());
    assertEquals("op-req-1", copy.getRequestId());
    // The 転入通知 is applied once: count the 転出確定 changes.
    assertEquals(
        1,
        net.node(FUJIYOSHIDA).store().registry().history(p.getJuminhyoCode()).stream()
            .filter(ch -> ch.getReason() == ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED)
            .count());
  }

  @Test
  void allocationCounterSurvivesARestart() throws Exception {
    IdentityInfo first = net.operate(KOFU, birth("一 一", "2020-01-01", "甲府市1")).getIdentity();
    awaitDrained(KOFU);
    net.stop(KOFU);
    net.start(KOFU);
    IdentityInfo second = net.operate(KOFU, birth("二 二", "2020-01-02", "甲府市2")).getIdentity();
    assertNotEquals(first.getJuminhyoCode(), second.getJuminhyoCode());
    assertNotEquals(first.getIndividualNumber(), second.getIndividualNumber());
    assertEquals(2, net.node(KOFU).store().codesAllocated());
    assertEquals(2, net.node(KOFU).store().changesRecorded());
    await().atMost(Duration.ofSeconds(20)).until(() -> net.highWaterMark(KOFU) == 2);
    assertFalse(net.atPs(second.getJuminhyoCode()).isEmpty());
  }
}
