package jp.jukinet.node.store;

import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukinet.protocol.proto.IdentityChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OutboxTest {
  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  @AfterEach
  void close() {
    fx.close();
  }

  private static IdentityChange c(String source, long seq) {
    return birth(
        source, seq, "2020-01-01", seq, person(source + "-" + seq, "n", "2020-01-01", "", "x"));
  }

  private static void append(NodeDatabase db, Outbox outbox, IdentityChange... changes)
      throws Exception {
    CompletableFuture<?>[] fs = new CompletableFuture<?>[changes.length];
    for (int i = 0; i < changes.length; i++) {
      IdentityChange ch = changes[i];
      fs[i] = db.commit(txn -> outbox.append(txn, ch));
    }
    CompletableFuture.allOf(fs).get(10, TimeUnit.SECONDS);
  }

  private static List<String> ids(List<Outbox.Entry> entries) {
    return entries.stream()
        .map(e -> e.change().getSourceMunicipality() + "#" + e.change().getSequence())
        .toList();
  }

  @Test
  void keepsLocalOrderAcksPerSourceAndSurvivesRestart() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    Outbox outbox = new Outbox(db, clock);
    assertEquals(OptionalLong.empty(), outbox.oldestUnackedMillis());
    append(
        db, outbox, c("192015", 1), c("192023", 1), c("192015", 2), c("192023", 2), c("192015", 3));
    assertEquals(5, outbox.size());
    assertEquals(
        List.of("192015#1", "192023#1", "192015#2", "192023#2", "192015#3"),
        ids(outbox.unacked(10)));
    assertEquals(List.of("192015#1", "192023#1"), ids(outbox.unacked(2)));
    assertEquals(OptionalLong.of(clock.millis()), outbox.oldestUnackedMillis());

    outbox.ack("192015", 2).get(10, TimeUnit.SECONDS);
    assertEquals(List.of("192023#1", "192023#2", "192015#3"), ids(outbox.unacked(10)));
    long after = outbox.unacked(1).get(0).position();
    assertEquals(List.of("192023#2", "192015#3"), ids(outbox.unackedAfter(after, 10)));
    // Acks are cumulative and idempotent; an unknown source changes nothing.
    outbox.ack("192015", 1).get(10, TimeUnit.SECONDS);
    outbox.ack("199999", 5).get(10, TimeUnit.SECONDS);
    assertEquals(3, outbox.size());

    fx.close(db);
    NodeDatabase again = fx.open("pref-190004", dir);
    Outbox reopened = new Outbox(again, clock);
    assertEquals(List.of("192023#1", "192023#2", "192015#3"), ids(reopened.unacked(10)));
    append(again, reopened, c("192015", 4));
    assertEquals(
        List.of("192023#1", "192023#2", "192015#3", "192015#4"), ids(reopened.unacked(10)));
    reopened.ack("192023", 2).get(10, TimeUnit.SECONDS);
    reopened.ack("192015", 4).get(10, TimeUnit.SECONDS);
    assertEquals(0, reopened.size());
    assertEquals(OptionalLong.empty(), reopened.oldestUnackedMillis());
  }

  @Test
  void appendedChangesAreVisibleAndAnnouncedOnlyOnceDurable() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    Outbox outbox = new Outbox(db, clock);
    AtomicInteger told = new AtomicInteger();
    outbox.onDurable(told::incrementAndGet);
    CompletableFuture<Void> failed =
        db.commit(
            txn -> {
              outbox.append(txn, c("192015", 1));
              throw new IllegalStateException("operation refused");
            });
    assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS));
    assertEquals(0, outbox.size());
    assertTrue(outbox.unacked(10).isEmpty());
    assertEquals(0, told.get());
    List<Integer> visibleWhileStaging = new ArrayList<>();
    db.commit(
            txn -> {
              outbox.append(txn, c("192015", 1));
              outbox.append(txn, c("192015", 2));
              visibleWhileStaging.add(outbox.unacked(10).size());
            })
        .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(0), visibleWhileStaging);
    assertEquals(2, outbox.size());
    assertEquals(1, told.get(), "once per durable transaction");
  }

  @Test
  void appendOutsideTheWriterAndBadMaxAreRefused() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    Outbox outbox = new Outbox(db, clock);
    AtomicReference<Txn> escaped = new AtomicReference<>();
    db.commit(escaped::set).get(10, TimeUnit.SECONDS);
    assertThrows(IllegalStateException.class, () -> outbox.append(escaped.get(), c("192015", 1)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> outbox.unacked(0));
    assertTrue(e.getMessage().contains("max"), e.getMessage());
  }

  @Test
  void memoryGrowsWithSourcesNotWithTheBacklogAndAckedEntriesAreDeleted() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    Outbox outbox = new Outbox(db, clock);
    int n = 2_000;
    List<CompletableFuture<?>> fs = new ArrayList<>();
    for (int seq = 1; seq <= n; seq++) {
      IdentityChange a = c("192015", seq);
      IdentityChange b = c("192023", seq);
      fs.add(
          db.commit(
              txn -> {
                outbox.append(txn, a);
                outbox.append(txn, b);
              }));
    }
    CompletableFuture.allOf(fs.toArray(CompletableFuture<?>[]::new)).get(30, TimeUnit.SECONDS);
    assertEquals(2 * n, outbox.size());
    assertEquals(2, outbox.indexedRuns(), "one run of consecutive sequences per source");

    outbox.ack("192015", n).get(10, TimeUnit.SECONDS);
    // Deleted up to 192023#1, the first unacknowledged entry; those after it are only skipped.
    assertEquals(n, outbox.size());
    assertEquals(2 * n - 1, stored(db));
    assertEquals(List.of("192023#1", "192023#2"), ids(outbox.unacked(2)));
    outbox.ack("192023", n / 2).get(10, TimeUnit.SECONDS);
    assertEquals(n / 2, outbox.size());
    assertEquals(n - 1, stored(db), "deleted up to the first unacknowledged entry");
    assertEquals(1, outbox.indexedRuns());
    outbox.ack("192023", n).get(10, TimeUnit.SECONDS);
    assertEquals(0, outbox.size());
    assertEquals(0, stored(db));
    assertEquals(0, outbox.indexedRuns());
    assertTrue(outbox.unacked(10).isEmpty());
    assertEquals(OptionalLong.empty(), outbox.oldestUnackedMillis());
  }

  @Test
  void aGapInASourcesSequencesIsCountedRight() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    Outbox outbox = new Outbox(db, clock);
    append(db, outbox, c("192015", 1), c("192015", 2), c("192015", 5), c("192015", 6));
    assertEquals(4, outbox.size());
    assertEquals(2, outbox.indexedRuns());
    outbox.ack("192015", 4).get(10, TimeUnit.SECONDS);
    assertEquals(2, outbox.size());
    assertEquals(List.of("192015#5", "192015#6"), ids(outbox.unacked(10)));
    outbox.ack("192015", 5).get(10, TimeUnit.SECONDS);
    assertEquals(1, outbox.size());
    assertEquals(List.of("192015#6"), ids(outbox.unacked(10)));
  }

  private static int stored(NodeDatabase db) {
    int n = 0;
    try (StoreIterator it = db.iterator(Outbox.CF)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n += it.key().length == 8 ? 1 : 0; // a position, not an acknowledged sequence
      }
    }
    return n;
  }
}
