package jp.jukinet.sim.cs;

import static jp.jukinet.sim.cs.CsNetwork.FUJIYOSHIDA;
import static jp.jukinet.sim.cs.CsNetwork.KOFU;
import static jp.jukinet.sim.cs.Requests.birth;
import static jp.jukinet.sim.cs.Requests.fourItems;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Death;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.MoveWithin;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.protocol.proto.SpecialMoveOut;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.testing.TestNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every bad request is refused with a clear error and changes nothing in the CS's store. */
@Timeout(120)
class CsRefusalIT {
  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  CsNetwork net;
  IdentityInfo living;
  IdentityInfo dead;
  IdentityInfo elsewhere;

  @BeforeEach
  void start() throws Exception {
    net = new CsNetwork(networks, dir);
    living = net.operate(KOFU, birth("甲斐 生", "2000-01-01", "甲府市1")).getIdentity();
    dead = net.operate(KOFU, birth("甲斐 故", "1950-01-01", "甲府市2")).getIdentity();
    net.operate(
        KOFU,
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(dead.getJuminhyoCode())));
    elsewhere = net.operate(FUJIYOSHIDA, birth("富士 他", "2001-01-01", "富士吉田市1")).getIdentity();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                net.node(KOFU).store().outbox().size() == 0
                    && net.node(FUJIYOSHIDA).store().outbox().size() == 0);
  }

  @AfterEach
  void stop() {
    net.close();
  }

  private void refused(ErrorCode code, String mentions, ResidentOperationRequest.Builder op)
      throws Exception {
    refused(code, mentions, op, false);
  }

  /**
   * @param exchanged the request made a routed exchange with another CS (a 特例転入 asks for the
   *     転出証明書情報): the mailbox and route counters then move, the residents' state must not
   */
  private void refused(
      ErrorCode code, String mentions, ResidentOperationRequest.Builder op, boolean exchanged)
      throws Exception {
    Map<String, List<String>> before =
        residentState(StoreSnapshot.of(net.node(KOFU).store()), exchanged);
    ExecutionException e = assertThrows(ExecutionException.class, () -> net.operate(KOFU, op));
    RemoteErrorException err = assertInstanceOf(RemoteErrorException.class, e.getCause());
    assertEquals(code, err.code(), err.getMessage());
    assertTrue(err.definite(), "a refusal is definite");
    assertTrue(
        err.getMessage().contains(mentions),
        "'" + err.getMessage() + "' should mention '" + mentions + "'");
    assertEquals(
        before,
        residentState(StoreSnapshot.of(net.node(KOFU).store()), exchanged),
        "a refused request must change nothing");
  }

  private static Map<String, List<String>> residentState(
      Map<String, List<String>> all, boolean exchanged) {
    if (exchanged) {
      all.remove(jp.jukinet.node.store.RoutedMailbox.CF);
      all.remove(jp.jukinet.cs.store.CsStore.META_CF);
    }
    return all;
  }

  @Test
  void unknownPersonIsNotFound() throws Exception {
    String unknown = "12345678903";
    refused(
        ErrorCode.ERROR_CODE_NOT_FOUND,
        unknown,
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(unknown)));
  }

  @Test
  void anotherMunicipalitysResidentIsNotFound() throws Exception {
    refused(
        ErrorCode.ERROR_CODE_NOT_FOUND,
        elsewhere.getJuminhyoCode(),
        ResidentOperationRequest.newBuilder()
            .setMoveWithin(
                MoveWithin.newBuilder()
                    .setJuminhyoCode(elsewhere.getJuminhyoCode())
                    .setNewAddress("甲府市9")));
  }

  @Test
  void badCheckDigitIsInvalid() throws Exception {
    String code = living.getJuminhyoCode();
    String bad = code.substring(0, 10) + (char) ('0' + (code.charAt(10) - '0' + 1) % 10);
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "check digit",
        ResidentOperationRequest.newBuilder().setDeath(Death.newBuilder().setJuminhyoCode(bad)));
  }

  @Test
  void moveInOfSomeoneLivingHereIsAConflict() throws Exception {
    refused(
        ErrorCode.ERROR_CODE_CONFLICT,
        "already lives",
        ResidentOperationRequest.newBuilder()
            .setMoveIn(
                MoveIn.newBuilder()
                    .setFourItems(living.getFourItems())
                    .setPreviousJuminhyoCode(living.getJuminhyoCode())
                    .setIndividualNumber(living.getIndividualNumber())
                    .setPreviousMunicipality(FUJIYOSHIDA)));
  }

  @Test
  void deathOfSomeoneRemovedIsAConflict() throws Exception {
    refused(
        ErrorCode.ERROR_CODE_CONFLICT,
        "already removed",
        ResidentOperationRequest.newBuilder()
            .setDeath(Death.newBuilder().setJuminhyoCode(dead.getJuminhyoCode())));
  }

  @Test
  void malformedDatesAreInvalid() throws Exception {
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST, "2020-13-01", birth("甲斐 新", "2020-13-01", "甲府市3"));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "reason_date",
        birth("甲斐 新", "2020-01-01", "甲府市3").setReasonDate("yesterday"));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "planned_date",
        ResidentOperationRequest.newBuilder()
            .setMoveOut(
                MoveOut.newBuilder()
                    .setJuminhyoCode(living.getJuminhyoCode())
                    .setPlannedDate("2020/04/01")
                    .setDestinationMunicipality(FUJIYOSHIDA)));
  }

  @Test
  void emptyNamesAndMissingItemsAreInvalid() throws Exception {
    refused(ErrorCode.ERROR_CODE_INVALID_REQUEST, "name", birth("　 ", "2020-01-01", "甲府市3"));
    refused(ErrorCode.ERROR_CODE_INVALID_REQUEST, "address", birth("甲斐 新", "2020-01-01", ""));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "sex",
        ResidentOperationRequest.newBuilder()
            .setBirth(
                Birth.newBuilder()
                    .setFourItems(
                        fourItems("甲斐 新", "2020-01-01", "甲府市3").toBuilder()
                            .setSex(Sex.SEX_UNSPECIFIED))));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "no operation",
        ResidentOperationRequest.newBuilder());
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "reason",
        ResidentOperationRequest.newBuilder()
            .setAmend(
                jp.jukinet.protocol.proto.Amend.newBuilder()
                    .setJuminhyoCode(living.getJuminhyoCode())
                    .setReason(ChangeReason.CHANGE_REASON_DEATH)
                    .setName("x")));
  }

  @Test
  void specialMoveInWithoutSpecialMoveOutIsRefusedByTheOldCs() throws Exception {
    // The person lives in 富士吉田市 and filed no 特例転出 there.
    refused(
        ErrorCode.ERROR_CODE_NOT_FOUND,
        "no 特例転出",
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveIn(
                SpecialMoveIn.newBuilder()
                    .setPreviousJuminhyoCode(elsewhere.getJuminhyoCode())
                    .setPreviousMunicipality(FUJIYOSHIDA)
                    .setNewAddress("甲府市5")
                    .setCardPin("1234")),
        true);
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "暗証番号",
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveIn(
                SpecialMoveIn.newBuilder()
                    .setPreviousJuminhyoCode(elsewhere.getJuminhyoCode())
                    .setPreviousMunicipality(FUJIYOSHIDA)
                    .setNewAddress("甲府市5")
                    .setCardPin("12a")));
  }

  @Test
  void specialMoveOutToThisMunicipalityIsInvalid() throws Exception {
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "転居",
        ResidentOperationRequest.newBuilder()
            .setSpecialMoveOut(
                SpecialMoveOut.newBuilder()
                    .setJuminhyoCode(living.getJuminhyoCode())
                    .setPlannedDate(CsOperationsIT.today())
                    .setDestinationMunicipality(KOFU)));
  }

  @Test
  void moveOutOutsideTheFourteenDayWindowOfItsFilingDateIsInvalid() throws Exception {
    // The filing date is the request's notification_date (届出年月日) when given.
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "2025-01-30 is more than 14 days after the filing date 2025-01-15",
        moveOut("2025-01-15", "2025-01-30"));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "2024-12-31 is more than 14 days before the filing date 2025-01-15",
        moveOut("2025-01-15", "2024-12-31"));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "a 特例転出 is accepted from 14 days before the planned move date " + "to 14 days after it",
        ResidentOperationRequest.newBuilder()
            .setNotificationDate("2025-01-15")
            .setSpecialMoveOut(
                SpecialMoveOut.newBuilder()
                    .setJuminhyoCode(living.getJuminhyoCode())
                    .setPlannedDate("2025-02-15")
                    .setDestinationMunicipality(FUJIYOSHIDA)));
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "2024-12-01 is more than 14 days before",
        ResidentOperationRequest.newBuilder()
            .setNotificationDate("2025-01-15")
            .setSpecialMoveOut(
                SpecialMoveOut.newBuilder()
                    .setJuminhyoCode(living.getJuminhyoCode())
                    .setPlannedDate("2024-12-01")
                    .setDestinationMunicipality(FUJIYOSHIDA)));
    // Without one, today on the CS's clock: 60 days ahead is refused whenever the test runs.
    String farAhead = LocalDate.parse(CsOperationsIT.today()).plusDays(60).toString();
    refused(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        farAhead + " is more than 14 days after the filing date",
        moveOut("", farAhead));

    // The edges are inside the window.
    IdentityInfo other = net.operate(KOFU, birth("甲斐 縁", "2000-02-02", "甲府市7")).getIdentity();
    assertTrue(net.operate(KOFU, moveOut("2025-01-15", "2025-01-29")).getIdentity().getRemoved());
    assertTrue(
        net.operate(
                KOFU,
                ResidentOperationRequest.newBuilder()
                    .setNotificationDate("2025-01-15")
                    .setSpecialMoveOut(
                        SpecialMoveOut.newBuilder()
                            .setJuminhyoCode(other.getJuminhyoCode())
                            .setPlannedDate("2025-01-01")
                            .setDestinationMunicipality(FUJIYOSHIDA)))
            .getIdentity()
            .getRemoved());
  }

  private ResidentOperationRequest.Builder moveOut(String filed, String planned) {
    return ResidentOperationRequest.newBuilder()
        .setNotificationDate(filed)
        .setMoveOut(
            MoveOut.newBuilder()
                .setJuminhyoCode(living.getJuminhyoCode())
                .setPlannedDate(planned)
                .setDestinationMunicipality(FUJIYOSHIDA));
  }

  @Test
  void connectionStaysUsableAfterRefusals() throws Exception {
    assertThrows(
        ExecutionException.class, () -> net.operate(KOFU, ResidentOperationRequest.newBuilder()));
    var r =
        net.request(
            KOFU,
            Envelope.newBuilder()
                .setResidentQuery(
                    ResidentQuery.newBuilder().setJuminhyoCode(living.getJuminhyoCode())));
    assertEquals(living, r.getResidentQueryResponse().getResidents(0).getIdentity());
  }
}
