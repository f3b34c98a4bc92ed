package jp.jukinet.sim.cs;

import static jp.jukinet.sim.cs.CsNetwork.FUJIYOSHIDA;
import static jp.jukinet.sim.cs.CsNetwork.KOFU;
import static jp.jukinet.sim.cs.Requests.birth;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.protocol.proto.SpecialMoveOut;
import jp.jukinet.sim.testing.TestNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** 特例転出 → 特例転入 over the network, with the old CS down while the new one asks. */
@Timeout(120)
class CsSpecialMoveIT {
  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  CsNetwork net;

  @AfterEach
  void stop() {
    net.close();
  }

  @Test
  void specialMoveInWaitsForTheOldCsToComeBack() throws Exception {
    net = new CsNetwork(networks, dir);
    IdentityInfo p =
        net.operate(FUJIYOSHIDA, birth("富士 特例", "1990-09-09", "富士吉田市上吉田9")).getIdentity();
    var out =
        net.operate(
            FUJIYOSHIDA,
            ResidentOperationRequest.newBuilder()
                .setSpecialMoveOut(
                    SpecialMoveOut.newBuilder()
                        .setJuminhyoCode(p.getJuminhyoCode())
                        .setPlannedDate(CsOperationsIT.today())
                        .setDestinationMunicipality(KOFU)
                        .setDestinationAddress("甲府市特例1")));
    assertEquals(ChangeReason.CHANGE_REASON_SPECIAL_MOVE_OUT, out.getChange().getReason());
    assertTrue(out.getIdentity().getRemoved());

    net.stop(FUJIYOSHIDA);
    CompletableFuture<Envelope> pending =
        net.send(
            KOFU,
            Envelope.newBuilder()
                .setResidentOperationRequest(
                    ResidentOperationRequest.newBuilder()
                        .setSpecialMoveIn(
                            SpecialMoveIn.newBuilder()
                                .setPreviousJuminhyoCode(p.getJuminhyoCode())
                                .setPreviousMunicipality("19202")
                                .setNewAddress("甲府市特例1")
                                .setCardPin("0000"))));
    // The request waits at the PS for the old CS: accepted there, not forwarded.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> net.ps().status().getCountersOrThrow("routed_accepted") == 1);
    assertEquals(0L, net.ps().status().getCountersOrThrow("routed_forwarded"));
    assertTrue(!pending.isDone(), "the operator's request waits for the 転出証明書情報");
    net.start(FUJIYOSHIDA);
    var in = pending.get(40, TimeUnit.SECONDS).getResidentOperationResponse();
    assertEquals(ChangeReason.CHANGE_REASON_SPECIAL_MOVE_IN, in.getChange().getReason());
    assertEquals(p.getJuminhyoCode(), in.getIdentity().getJuminhyoCode());
    assertEquals(p.getIndividualNumber(), in.getIdentity().getIndividualNumber());
    assertEquals("甲府市特例1", in.getIdentity().getFourItems().getAddress());
    assertEquals("富士吉田市上吉田9", in.getChange().getPreviousAddress());
    assertEquals(FUJIYOSHIDA, in.getChange().getPreviousMunicipality());
    var logged =
        net.node(KOFU).store().operationLog(0, 100).stream()
            .filter(e -> e.getOperation().equals("特例転入"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "****",
        logged.getRequest().getSpecialMoveIn().getCardPin(),
        "the operation log masks the card PIN");
    // The 転入通知 then confirms the move-out at the old CS, whose change goes upward.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                net.node(FUJIYOSHIDA)
                    .store()
                    .resident(p.getJuminhyoCode())
                    .map(
                        r ->
                            !r.getMoveOutConfirmedDate().isEmpty()
                                && !r.getTransferCertificateHeld())
                    .orElse(false));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> net.highWaterMark(FUJIYOSHIDA) == 3 && net.highWaterMark(KOFU) == 1);
    assertEquals(KOFU, net.atPs(p.getJuminhyoCode()).orElseThrow().getMunicipalityCode());
    assertTrue(!net.atPs(p.getJuminhyoCode()).orElseThrow().getRemoved());
  }
}
