package jp.jukinet.sim.cs;

import static jp.jukinet.sim.cs.CsNetwork.FUJIYOSHIDA;
import static jp.jukinet.sim.cs.CsNetwork.KOFU;
import static jp.jukinet.sim.cs.Requests.birth;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.cs.store.MoveOutKind;
import jp.jukinet.node.relay.CodeChangeNotices;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.testing.TestNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 住民票コード変更 notice at the former municipality's CS (甲府市; the person moved to 富士吉田市 and changed
 * code there): the 除票 follows to the new code, once however often the notice comes, and a malformed
 * notice is refused and changes nothing. The test hands the CS each notice on the real prefecture
 * server's link to it, as that server would.
 */
@Timeout(60)
class CsCodeChangeNoticeIT {
  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  CsNetwork net;
  IdentityInfo movedAway;

  @BeforeEach
  void start() throws Exception {
    net = new CsNetwork(networks, dir);
    movedAway = net.operate(KOFU, birth("転出 済子", "1990-01-01", "甲府市1")).getIdentity();
    net.operate(
        KOFU,
        ResidentOperationRequest.newBuilder()
            .setMoveOut(
                MoveOut.newBuilder()
                    .setJuminhyoCode(movedAway.getJuminhyoCode())
                    .setPlannedDate(CsOperationsIT.today())
                    .setDestinationMunicipality(FUJIYOSHIDA)));
    // Settled before each test compares the store: both changes acknowledged upward.
    await().atMost(Duration.ofSeconds(20)).until(() -> net.node(KOFU).store().outbox().size() == 0);
  }

  @AfterEach
  void stop() {
    net.close();
  }

  private IdentityChange codeChange(String fresh) {
    IdentityInfo there =
        movedAway.toBuilder()
            .setJuminhyoCode(fresh)
            .setMunicipalityCode(FUJIYOSHIDA)
            .setFourItems(movedAway.getFourItems().toBuilder().setAddress("富士吉田市1"))
            .build();
    return IdentityChange.newBuilder()
        .setSourceMunicipality(FUJIYOSHIDA)
        .setSequence(7)
        .setOperation(ChangeOperation.CHANGE_OPERATION_AMEND)
        .setReason(ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE)
        .setReasonDate(CsOperationsIT.today())
        .setRecordedAtMillis(System.currentTimeMillis())
        .setIdentity(there)
        .setPreviousJuminhyoCode(movedAway.getJuminhyoCode())
        .build();
  }

  private Envelope deliver(RoutedMessage m) throws Exception {
    return net.prefectureLinkTo(KOFU)
        .request(Envelope.newBuilder().setRoutedMessage(m), Duration.ofSeconds(20))
        .get(20, TimeUnit.SECONDS);
  }

  private List<IdentityInfo> query(String code) throws Exception {
    return net
        .request(
            KOFU,
            Envelope.newBuilder()
                .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode(code)))
        .getResidentQueryResponse()
        .getResidentsList()
        .stream()
        .map(v -> v.getIdentity())
        .toList();
  }

  @Test
  void theRemovedRecordFollowsTheCodeChangeOnce() throws Exception {
    CsStore store = net.node(KOFU).store();
    long changesBefore = store.changesRecorded();
    String old = movedAway.getJuminhyoCode();
    String fresh = JuminhyoCode.random(new java.util.Random(7)).value();
    RoutedMessage notice =
        CodeChangeNotices.notice(codeChange(fresh), KOFU, System.currentTimeMillis());
    assertEquals(notice.getRouteId(), deliver(notice).getRoutedAck().getRouteId());

    assertTrue(query(old).isEmpty(), "the old code resolves no more");
    IdentityInfo removed = query(fresh).get(0);
    assertTrue(removed.getRemoved(), removed.toString());
    assertEquals(KOFU, removed.getMunicipalityCode());
    assertEquals(
        "甲府市1",
        removed.getFourItems().getAddress(),
        "the 除票 keeps this municipality's last values");
    assertTrue(store.resident(old).isEmpty());
    assertEquals(fresh, store.resident(fresh).orElseThrow().getJuminhyoCode());
    assertEquals(
        MoveOutKind.MOVE_OUT_KIND_MOVE_OUT, store.resident(fresh).orElseThrow().getMoveOutKind());
    List<IdentityChange> history = store.registry().history(fresh);
    assertEquals(3, history.size());
    assertEquals(ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE, history.get(2).getReason());
    assertEquals(
        changesBefore,
        store.changesRecorded(),
        "not this CS's change: nothing recorded or sent upward");

    // A resend of the same route is acknowledged and changes nothing.
    Map<String, List<String>> after = StoreSnapshot.of(store);
    assertEquals(notice.getRouteId(), deliver(notice).getRoutedAck().getRouteId());
    assertEquals(after, StoreSnapshot.of(store));
  }

  @Test
  void aMalformedNoticeIsRefusedAndChangesNothing() throws Exception {
    CsStore store = net.node(KOFU).store();
    String fresh = JuminhyoCode.random(new java.util.Random(8)).value();
    IdentityChange notACodeChange =
        codeChange(fresh).toBuilder().setReason(ChangeReason.CHANGE_REASON_MOVE_WITHIN).build();
    RoutedMessage bad = CodeChangeNotices.notice(notACodeChange, KOFU, System.currentTimeMillis());
    RoutedMessage wrongRoute =
        CodeChangeNotices.notice(codeChange(fresh), KOFU, System.currentTimeMillis()).toBuilder()
            .setRouteId(KOFU + "-999")
            .build();
    Map<String, List<String>> before = StoreSnapshot.of(store);
    for (RoutedMessage m : List.of(bad, wrongRoute)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> deliver(m));
      RemoteErrorException err = assertInstanceOf(RemoteErrorException.class, e.getCause());
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, err.code(), err.getMessage());
      assertTrue(err.getMessage().contains("住民票コード変更"), err.getMessage());
    }
    assertEquals(before, StoreSnapshot.of(store), "a refused notice changes nothing");
    assertEquals(1, query(movedAway.getJuminhyoCode()).size());
  }
}
