package jp.jukinet.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RoutedMailboxTest {
  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  // Routing as a prefecture server would do it: own prefecture's CSs directly, else national.
  private final Function<RoutedMessage, String> route =
      m ->
          m.getDestinationMunicipality().startsWith("19")
              ? "cs-" + m.getDestinationMunicipality()
              : "national";

  @AfterEach
  void close() {
    fx.close();
  }

  private static RoutedMessage notice(String id, String to) {
    return RoutedMessage.newBuilder()
        .setRouteId(id)
        .setOriginMunicipality("192015")
        .setDestinationMunicipality(to)
        .setMoveInNotice(MoveInNotice.newBuilder().setPreviousJuminhyoCode("12345678901"))
        .build();
  }

  private CompletableFuture<Boolean> accept(RoutedMailbox box, RoutedMessage m) {
    return box.accept(m, route.apply(m));
  }

  @Test
  void aStagedMessageIsPendingAndAnnouncedOnlyOnceItsTransactionIsDurable() throws Exception {
    NodeDatabase db = fx.open("national", dir);
    RoutedMailbox box = new RoutedMailbox(db, Clock.systemUTC());
    List<String> announced = new CopyOnWriteArrayList<>();
    box.onDurable(announced::add);
    List<Integer> pendingWhileStaging = new ArrayList<>();
    assertThrows(
        ExecutionException.class,
        () ->
            db.commit(
                    txn -> {
                      box.stage(txn, notice("x-1", "192023"), "cs-192023");
                      throw new IllegalStateException("refused on purpose");
                    })
                .get(10, TimeUnit.SECONDS));
    db.commit(
            txn -> {
              box.stage(txn, notice("x-2", "192023"), "cs-192023");
              box.stage(txn, notice("x-3", "192023"), "cs-192023");
              pendingWhileStaging.add(box.pendingFor("cs-192023").size());
            })
        .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(0), pendingWhileStaging);
    assertEquals(
        List.of("x-2", "x-3"),
        box.pendingFor("cs-192023").stream().map(RoutedMessage::getRouteId).toList());
    assertEquals(
        List.of("cs-192023"),
        announced,
        "once per transaction and hop; nothing for the aborted one");
    assertFalse(box.seen("x-1"));
  }

  @Test
  void acceptsOnceHoldsPerHopAndRemembersAfterDelivery() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    RoutedMailbox box = new RoutedMailbox(db, Clock.systemUTC());
    assertTrue(accept(box, notice("192015-1", "192023")).get(10, TimeUnit.SECONDS));
    assertTrue(accept(box, notice("192015-2", "131016")).get(10, TimeUnit.SECONDS));
    assertTrue(accept(box, notice("192015-3", "192023")).get(10, TimeUnit.SECONDS));
    assertFalse(accept(box, notice("192015-1", "192023")).get(10, TimeUnit.SECONDS));

    assertEquals(
        List.of("192015-1", "192015-3"),
        box.pendingFor("cs-192023").stream().map(RoutedMessage::getRouteId).toList());
    assertEquals(
        List.of("192015-2"),
        box.pendingFor("national").stream().map(RoutedMessage::getRouteId).toList());
    assertEquals(1, box.pendingFor("cs-192023", 1).size());

    assertTrue(box.delivered("192015-1").get(10, TimeUnit.SECONDS));
    assertFalse(box.delivered("192015-1").get(10, TimeUnit.SECONDS));
    assertEquals(
        List.of("192015-3"),
        box.pendingFor("cs-192023").stream().map(RoutedMessage::getRouteId).toList());
    // Still a duplicate after it was forwarded.
    assertFalse(accept(box, notice("192015-1", "192023")).get(10, TimeUnit.SECONDS));
    assertTrue(
        box.pendingFor("cs-192023").stream().noneMatch(m -> m.getRouteId().equals("192015-1")));

    fx.close(db);
    NodeDatabase again = fx.open("pref-190004", dir);
    RoutedMailbox reopened = new RoutedMailbox(again, Clock.systemUTC());
    assertEquals(
        List.of("192015-3"),
        reopened.pendingFor("cs-192023").stream().map(RoutedMessage::getRouteId).toList());
    assertTrue(reopened.seen("192015-1"));
    assertTrue(accept(reopened, notice("192015-4", "192023")).get(10, TimeUnit.SECONDS));
    assertEquals(
        List.of("192015-3", "192015-4"),
        reopened.pendingFor("cs-192023").stream().map(RoutedMessage::getRouteId).toList());
  }

  @Test
  void malformedMessagesAreRefusedByName() {
    NodeDatabase db = fx.open("pref-190004", dir);
    RoutedMailbox box = new RoutedMailbox(db, Clock.systemUTC());
    IllegalArgumentException noId =
        assertThrows(IllegalArgumentException.class, () -> accept(box, notice("", "192023")));
    assertTrue(noId.getMessage().contains("route_id"), noId.getMessage());
    IllegalArgumentException noDest =
        assertThrows(IllegalArgumentException.class, () -> accept(box, notice("x-1", "")));
    assertTrue(noDest.getMessage().contains("destination_municipality"), noDest.getMessage());
    IllegalArgumentException noPayload =
        assertThrows(
            IllegalArgumentException.class,
            () -> accept(box, notice("x-2", "192023").toBuilder().clearPayload().build()));
    assertTrue(noPayload.getMessage().contains("payload"), noPayload.getMessage());
    assertFalse(box.seen("x-2"));
  }
}
