package jp.jukinet.national;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.JuminhyoCodeChangeNotice;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The national server's routing and refusal rules. */
@Timeout(10)
class NationalRoutingTest {
  private static final String KOFU = "192015";
  private static final String CHIYODA = "131016";
  private final NationalRouting routing = new NationalRouting();

  private static RoutedMessage message(String origin, String destination) {
    return RoutedMessage.newBuilder()
        .setRouteId(origin + "-1")
        .setOriginMunicipality(origin)
        .setDestinationMunicipality(destination)
        .setMoveInNotice(MoveInNotice.newBuilder())
        .build();
  }

  @Test
  void everyMessageGoesToItsDestinationsPrefectureServer() {
    assertEquals("pref:13", routing.nextHop(message(KOFU, CHIYODA)));
    assertEquals("pref:19", routing.nextHop(message(CHIYODA, KOFU)));
    assertEquals("pref:19", routing.hopOf(PeerId.prefecture("190004")));
    assertNull(routing.hopOf(PeerId.cs(KOFU)));
    assertThrows(
        RoutedRelay.UnknownDestinationException.class,
        () -> routing.nextHop(message(KOFU, "190004")),
        "no CS has a prefecture's own code");
  }

  @Test
  void onlyPrefectureServersHandInMessagesOfTheirOwnPrefecture() {
    assertNull(routing.refusal(PeerId.prefecture("190004"), message(KOFU, CHIYODA)));
    String foreign = routing.refusal(PeerId.prefecture("190004"), message(CHIYODA, KOFU));
    assertTrue(foreign.contains("its own prefecture"), foreign);
    assertNotNull(
        routing.refusal(PeerId.prefecture("190004"), message("19201", CHIYODA)),
        "a 5-digit origin");
    assertNotNull(routing.refusal(PeerId.cs(KOFU), message(KOFU, CHIYODA)));
    RoutedMessage notice =
        message(KOFU, CHIYODA).toBuilder()
            .setJuminhyoCodeChangeNotice(JuminhyoCodeChangeNotice.newBuilder())
            .build();
    assertTrue(
        routing
            .refusal(PeerId.prefecture("190004"), notice)
            .contains("only from the national server"));
  }
}
