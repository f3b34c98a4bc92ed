package jp.jukinet.node.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every node's routing needs first: the destination as a municipality, or no route. */
@Timeout(10)
class RoutedRelayDestinationTest {
  private static RoutedMessage to(String destination) {
    return RoutedMessage.newBuilder()
        .setRouteId("192015-1")
        .setOriginMunicipality("192015")
        .setDestinationMunicipality(destination)
        .setMoveInNotice(MoveInNotice.newBuilder())
        .build();
  }

  @Test
  void aMunicipalityIsADestinationAPrefecturesOwnCodeOrAnInvalidOneIsNot() {
    assertEquals(LocalGovernmentCode.parse("192023"), RoutedRelay.destination(to("192023")));
    RoutedRelay.UnknownDestinationException own =
        assertThrows(
            RoutedRelay.UnknownDestinationException.class,
            () -> RoutedRelay.destination(to("190004")));
    assertTrue(own.getMessage().contains("prefecture's code"), own.getMessage());
    RoutedRelay.UnknownDestinationException bad =
        assertThrows(
            RoutedRelay.UnknownDestinationException.class,
            () -> RoutedRelay.destination(to("192016")));
    assertTrue(bad.getMessage().contains("unknown destination"), bad.getMessage());
  }
}
