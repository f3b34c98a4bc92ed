package jp.jukinet.pref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.JuminhyoCodeChangeNotice;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The prefecture server's routing and refusal rules (山梨県, 19). */
@Timeout(10)
class PrefRoutingTest {
  private static final String KOFU = "192015";
  private static final String FUJIYOSHIDA = "192023";
  private static final String CHIYODA = "131016";
  private final PrefRouting routing = new PrefRouting(PeerId.prefecture("190004"));

  private static RoutedMessage message(String origin, String destination) {
    return RoutedMessage.newBuilder()
        .setRouteId(origin + "-1")
        .setOriginMunicipality(origin)
        .setDestinationMunicipality(destination)
        .setMoveInNotice(MoveInNotice.newBuilder())
        .build();
  }

  @Test
  void aDestinationInThePrefectureGoesToItsCsAnyOtherToTheNationalServer() {
    assertEquals("cs:" + FUJIYOSHIDA, routing.nextHop(message(KOFU, FUJIYOSHIDA)));
    assertEquals(PrefRouting.NATIONAL_HOP, routing.nextHop(message(KOFU, CHIYODA)));
    assertEquals("cs:" + KOFU, routing.hopOf(PeerId.cs(KOFU)));
    assertEquals(PrefRouting.NATIONAL_HOP, routing.hopOf(PeerId.national()));
    assertNull(routing.hopOf(PeerId.prefecture("130001")));
    assertThrows(
        RoutedRelay.UnknownDestinationException.class,
        () -> routing.nextHop(message(KOFU, "190004")),
        "no CS has a prefecture's own code");
  }

  @Test
  void aCsSendsOnlyItsOwnMessagesAndTheNationalServerOnlyThisPrefecturesOnes() {
    assertNull(routing.refusal(PeerId.cs(KOFU), message(KOFU, CHIYODA)));
    assertNotNull(routing.refusal(PeerId.cs(FUJIYOSHIDA), message(KOFU, CHIYODA)));
    assertNull(routing.refusal(PeerId.national(), message(CHIYODA, KOFU)));
    String elsewhere = routing.refusal(PeerId.national(), message(KOFU, CHIYODA));
    assertTrue(elsewhere.contains("is not for prefecture"), elsewhere);
    assertNotNull(
        routing.refusal(new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU), message(KOFU, FUJIYOSHIDA)));
  }

  @Test
  void onlyTheNationalServerSendsCodeChangeNotices() {
    RoutedMessage notice =
        message(KOFU, FUJIYOSHIDA).toBuilder()
            .setJuminhyoCodeChangeNotice(JuminhyoCodeChangeNotice.newBuilder())
            .build();
    String refusal = routing.refusal(PeerId.cs(KOFU), notice);
    assertTrue(refusal.contains("only from the national server"), refusal);
    assertNotNull(routing.refusal(PeerId.national(), notice), "and only well formed");
  }
}
