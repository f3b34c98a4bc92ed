package jp.jukinet.node.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukinet.node.replication.LoopbackConnection;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.store.StoreFixture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one forwarding policy: acked → forgotten; definite refusal → dropped; OVERLOADED → resent.
 */
@Timeout(60)
class MailboxForwarderTest {
  private static final String HOP = "cs:192023";

  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() {
    executor.shutdownNow();
    fx.close();
  }

  private static RoutedMessage message(String routeId) {
    return RoutedMessage.newBuilder()
        .setRouteId(routeId)
        .setOriginMunicipality("192015")
        .setDestinationMunicipality("192023")
        .setMoveInNotice(MoveInNotice.newBuilder())
        .build();
  }

  /**
   * The hop's side: answers by route id, OVERLOADED once for "busy", NOT_FOUND always for "lost".
   */
  private static final class Hop implements EnvelopeHandler {
    final List<String> received = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();

    @Override
    public void onEnvelope(Connection connection, Envelope request) {
      String id = request.getRoutedMessage().getRouteId();
      received.add(id);
      int attempt = tries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      if (id.startsWith("lost")) {
        connection.replyError(request, ErrorCode.ERROR_CODE_NOT_FOUND, "no such destination");
      } else if (id.startsWith("busy") && attempt == 1) {
        connection.replyError(request, ErrorCode.ERROR_CODE_OVERLOADED, "too much queued");
      } else {
        connection.reply(
            request, Envelope.newBuilder().setRoutedAck(RoutedAck.newBuilder().setRouteId(id)));
      }
    }
  }

  @Test
  void durableMessagesGoOutAndEachAnswerIsHandledByThePolicy() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    RoutedMailbox mailbox = new RoutedMailbox(db, Clock.systemUTC());
    MailboxForwarder forwarder =
        new MailboxForwarder(
            "pref-190004",
            mailbox,
            HOP,
            executor,
            new MailboxForwarder.Settings(8, Duration.ofSeconds(5), Duration.ofMillis(20)));
    mailbox.onDurable(hop -> forwarder.wake());
    Hop hop = new Hop();
    LoopbackConnection[] link =
        LoopbackConnection.pair(
            PeerId.prefecture("190004"),
            (connection, envelope) -> {},
            LinkListener.NONE,
            PeerId.cs("192023"),
            hop);
    forwarder.attach(link[0]);

    for (String id : List.of("ok-1", "lost-1", "busy-1")) {
      assertTrue(mailbox.accept(message(id), HOP).get(10, TimeUnit.SECONDS));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.pendingFor(HOP).isEmpty());
    assertEquals(2, forwarder.forwarded(), "ok-1, and busy-1 on its second try");
    assertEquals(1, forwarder.dropped(), "lost-1: the hop will never take it");
    assertEquals(1, hop.tries.get("lost-1").get());
    assertEquals(2, hop.tries.get("busy-1").get());
    assertTrue(mailbox.seen("lost-1"), "a dropped message's route id is still remembered");
    link[0].close();
  }
}
