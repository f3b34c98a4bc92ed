package jp.jukinet.node.replication;

import static java.util.concurrent.TimeUnit.SECONDS;
import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.person;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.InboundLedger;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.StoreFixture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityChangeAck;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.SourceAck;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.RemoteErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CS → prefecture server → national server over in-memory connections, with real RocksDB. */
@Timeout(120)
class ReplicationTest {
  private static final PeerId KOFU = PeerId.cs("192015");
  private static final PeerId TSURU = PeerId.cs("192040");
  private static final PeerId YAMANASHI = PeerId.prefecture("190004");
  private static final PeerId NATIONAL = PeerId.national();

  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void close() {
    connections.forEach(Connection::close);
    fx.close();
    io.shutdownNow();
  }

  /** A node: database, registry, outbox, ledger; a receiver that applies and forwards; a sender. */
  private final class Node {
    final PeerId id;
    final NodeDatabase db;
    final IdentityRegistry registry;
    final Outbox outbox;
    final InboundLedger ledger;
    final ChangeReceiver receiver;
    final ChangeSender sender;
    long nextSeq = 1;

    Node(PeerId id, boolean forwards) {
      this.id = id;
      this.db = fx.open(id.name(), dir.resolve(id.name()));
      this.registry = new IdentityRegistry(db);
      this.outbox = new Outbox(db, Clock.systemUTC());
      this.ledger = new InboundLedger(db);
      this.sender =
          new ChangeSender(
              id.name(),
              outbox,
              io,
              Clock.systemUTC(),
              new ChangeSender.Settings(40, 2, Duration.ofSeconds(10)));
      this.receiver =
          new ChangeReceiver(
              id.name(),
              db,
              ledger,
              ChangeReceiver.upstreamPolicy(),
              (txn, c) -> {
                registry.apply(txn, c);
                if (forwards) {
                  outbox.append(txn, c);
                }
              });
    }

    /** A local operation at a CS: state change and outbox entry in one atomic write. */
    CompletableFuture<Void> birthOf(String code) {
      return db.commit(
          txn -> {
            IdentityChange c =
                birth(
                    id.code(),
                    nextSeq++,
                    "2020-04-01",
                    System.currentTimeMillis(),
                    person(code, "出生 " + code, "2020-04-01", "", "町"));
            registry.apply(txn, c);
            outbox.append(txn, c);
          });
    }

    /** The downstream side of a link: batches go to the receiver. */
    EnvelopeHandler downstreamHandler() {
      return (connection, envelope) -> {
        if (envelope.hasIdentityChangeBatch()) {
          receiver.onBatch(connection, envelope);
        }
      };
    }

    /** The upstream side of a link: the sender attaches and detaches. */
    LinkListener upstreamListener() {
      return new LinkListener() {
        @Override
        public void onConnected(Connection connection) {
          sender.attach(connection);
        }

        @Override
        public void onDisconnected(Connection connection) {
          sender.detach();
        }
      };
    }
  }

  private LoopbackConnection[] link(Node down, Node up) {
    LoopbackConnection[] pair =
        LoopbackConnection.pair(
            down.id, (conn, env) -> {}, down.upstreamListener(), up.id, up.downstreamHandler());
    connections.add(pair[0]);
    return pair;
  }

  private static void awaitAll(List<CompletableFuture<Void>> fs) throws Exception {
    CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(30, SECONDS);
  }

  @Test
  void changesFlowUpAndAResendAfterReconnectIsAppliedOnce() throws Exception {
    Node kofu = new Node(KOFU, false);
    Node tsuru = new Node(TSURU, false);
    Node pref = new Node(YAMANASHI, true);
    Node national = new Node(NATIONAL, false);
    List<CompletableFuture<Void>> ops = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ops.add(kofu.birthOf(String.format("1%010d", i)));
    }
    for (int i = 0; i < 100; i++) {
      ops.add(tsuru.birthOf(String.format("2%010d", i)));
    }
    awaitAll(ops);
    assertEquals(300, kofu.sender.unackedCount());
    assertTrue(kofu.sender.oldestUnackedAgeMillis().isPresent());

    // A link whose acknowledgements never arrive: the prefecture applies what it gets, the CS keeps
    // it all, and stops at a full window (2 batches of 40).
    LoopbackConnection[] lossy = link(kofu, pref);
    lossy[1].dropReplies = true;
    await().atMost(Duration.ofSeconds(30)).until(() -> pref.ledger.highWaterMark("192015") == 80);
    assertEquals(2, kofu.sender.inflightBatches());
    assertEquals(300, kofu.outbox.size());
    assertEquals(80, pref.registry.count());
    lossy[0].close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !kofu.sender.attached());

    // Reconnect: everything is resent, skipped as duplicates, and acknowledged.
    link(kofu, pref);
    link(tsuru, pref);
    link(pref, national);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kofu.outbox.size() == 0 && tsuru.outbox.size() == 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> national.registry.count() == 400 && pref.outbox.size() == 0);

    assertEquals(400, pref.registry.count());
    assertEquals(300, pref.ledger.highWaterMark("192015"));
    assertEquals(100, pref.ledger.highWaterMark("192040"));
    assertEquals(300, national.ledger.highWaterMark("192015"));
    assertEquals(100, national.ledger.highWaterMark("192040"));
    for (int i = 0; i < 300; i += 7) {
      String code = String.format("1%010d", i);
      assertEquals(1, pref.registry.history(code).size(), code);
      assertEquals(1, national.registry.history(code).size(), code);
      assertEquals("192015", national.registry.current(code).orElseThrow().getMunicipalityCode());
    }
    assertEquals(OptionalLong.empty(), kofu.sender.oldestUnackedAgeMillis());

    // New local changes while the links are up are pushed without further prompting.
    List<CompletableFuture<Void>> more = new ArrayList<>();
    for (int i = 300; i < 350; i++) {
      more.add(kofu.birthOf(String.format("1%010d", i)));
    }
    awaitAll(more);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> national.registry.count() == 450 && kofu.outbox.size() == 0);
  }

  private static IdentityChange c(String source, long seq) {
    return birth(
        source,
        seq,
        "2020-04-01",
        seq,
        person(source + String.format("%05d", seq), "n", "2020-04-01", "", "x"));
  }

  private static IdentityChangeBatch batch(IdentityChange... changes) {
    return IdentityChangeBatch.newBuilder().addAllChanges(List.of(changes)).build();
  }

  @Test
  void aGapIsRefusedWholeWithAClearErrorAndTheLinkKeepsWorking() throws Exception {
    Node pref = new Node(YAMANASHI, true);
    LoopbackConnection[] pair =
        LoopbackConnection.pair(
            KOFU, (conn, env) -> {}, LinkListener.NONE, YAMANASHI, pref.downstreamHandler());
    connections.add(pair[0]);
    Connection cs = pair[0];

    ExecutionException gap =
        assertThrows(
            ExecutionException.class,
            () ->
                cs.request(
                        Envelope.newBuilder()
                            .setIdentityChangeBatch(batch(c("192015", 1), c("192015", 3))),
                        Duration.ofSeconds(10))
                    .get(10, SECONDS));
    RemoteErrorException remote = assertInstanceOf(RemoteErrorException.class, gap.getCause());
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, remote.code());
    assertTrue(remote.getMessage().contains("expected 2, received 3"), remote.getMessage());
    assertEquals(0, pref.ledger.highWaterMark("192015"));
    assertEquals(0, pref.registry.count());
    assertEquals(0, pref.outbox.size());

    Envelope ok =
        cs.request(
                Envelope.newBuilder().setIdentityChangeBatch(batch(c("192015", 1), c("192015", 2))),
                Duration.ofSeconds(10))
            .get(10, SECONDS);
    assertEquals(
        IdentityChangeAck.newBuilder()
            .addAcks(SourceAck.newBuilder().setSourceMunicipality("192015").setThroughSequence(2))
            .build(),
        ok.getIdentityChangeAck());
    assertEquals(2, pref.registry.count());
  }

  @Test
  void pastItsBoundOfPendingChangesTheReceiverPausesTheSenderUntilCommitted() throws Exception {
    Node pref = new Node(YAMANASHI, true);
    CountDownLatch writerHeld = new CountDownLatch(1);
    ChangeReceiver bounded =
        new ChangeReceiver(
            pref.id.name(),
            pref.db,
            pref.ledger,
            ChangeReceiver.upstreamPolicy(),
            (txn, c) -> {
              // The node falls behind: its writer waits until the test has seen the pause.
              assertTrue(writerHeld.await(10, SECONDS));
              pref.registry.apply(txn, c);
            },
            3);
    LoopbackConnection[] pair =
        LoopbackConnection.pair(
            KOFU,
            (conn, env) -> {},
            LinkListener.NONE,
            YAMANASHI,
            (conn, env) -> bounded.onBatch(conn, env));
    connections.add(pair[0]);
    // Two batches of two sent together: the second takes the pending changes past 3.
    CompletableFuture<Envelope> first =
        pair[0].request(
            Envelope.newBuilder().setIdentityChangeBatch(batch(c("192015", 1), c("192015", 2))),
            Duration.ofSeconds(10));
    CompletableFuture<Envelope> second =
        pair[0].request(
            Envelope.newBuilder().setIdentityChangeBatch(batch(c("192015", 3), c("192015", 4))),
            Duration.ofSeconds(10));
    LoopbackConnection prefEnd = pair[1];
    await().atMost(10, SECONDS).until(() -> prefEnd.readingPaused.equals(List.of(true)));
    assertEquals(4, bounded.pendingChanges());
    writerHeld.countDown();
    assertEquals(4, second.get(10, SECONDS).getIdentityChangeAck().getAcks(0).getThroughSequence());
    assertTrue(first.get(10, SECONDS).hasIdentityChangeAck());
    // Reading again once the changes were committed.
    await().atMost(10, SECONDS).until(() -> prefEnd.readingPaused.equals(List.of(true, false)));
    assertEquals(0, bounded.pendingChanges());
    assertEquals(4, pref.registry.count());
  }

  @Test
  void duplicatesOnlyAreAckedFromTheLedgerAndChangeNothing() throws Exception {
    Node pref = new Node(YAMANASHI, true);
    IdentityChangeAck first =
        pref.receiver.receive(KOFU, batch(c("192015", 1), c("192015", 2))).get(10, SECONDS);
    long commits = pref.db.commitCount();
    IdentityChangeAck again =
        pref.receiver.receive(KOFU, batch(c("192015", 1), c("192015", 2))).get(10, SECONDS);
    assertEquals(first, again);
    assertEquals(commits, pref.db.commitCount());
    // Overlapping: the new one is applied, the old one skipped.
    IdentityChangeAck overlap =
        pref.receiver.receive(KOFU, batch(c("192015", 2), c("192015", 3))).get(10, SECONDS);
    assertEquals(3, overlap.getAcks(0).getThroughSequence());
    assertEquals(3, pref.outbox.size());
    assertEquals(1, pref.registry.history("19201500002").size());
  }

  @Test
  void aPeerMayOnlySendChangesItSpeaksFor() throws Exception {
    Node pref = new Node(YAMANASHI, true);
    Node national = new Node(NATIONAL, false);
    ExecutionException other =
        assertThrows(
            ExecutionException.class,
            () -> pref.receiver.receive(TSURU, batch(c("192015", 1))).get(10, SECONDS));
    assertTrue(
        other
            .getCause()
            .getMessage()
            .contains("cs-192040 may not send changes recorded by municipality 192015"),
        other.getCause().getMessage());
    ExecutionException tokyo =
        assertThrows(
            ExecutionException.class,
            () -> national.receiver.receive(YAMANASHI, batch(c("131016", 1))).get(10, SECONDS));
    assertTrue(tokyo.getCause().getMessage().contains("131016"), tokyo.getCause().getMessage());
    assertEquals(0, pref.registry.count());
    assertEquals(0, national.registry.count());
    national.receiver.receive(YAMANASHI, batch(c("192015", 1))).get(10, SECONDS);
    assertEquals(1, national.registry.count());
  }
}
