package jp.jukinet.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

@Timeout(60)
class NodeDatabaseTest {
  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void concurrentCommitsAreGroupedAndSurviveReopen() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    List<CompletableFuture<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int tt = t;
      submitted.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  int ii = i;
                  mine.add(db.commit(txn -> txn.put("data", b("k-" + tt + "-" + ii), b("v" + ii))));
                }
                return mine;
              },
              pool));
    }
    for (CompletableFuture<List<CompletableFuture<Void>>> s : submitted) {
      futures.addAll(s.get(30, TimeUnit.SECONDS));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertEquals(threads * perThread, db.commitCount());
    assertTrue(
        db.walSyncCount() < db.commitCount(),
        "expected fewer WAL syncs than commits, got "
            + db.walSyncCount()
            + " for "
            + db.commitCount());
    assertTrue(db.walSyncCount() >= 1);

    fx.close(db);
    NodeDatabase again = fx.open("cs-192015", dir);
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertArrayEquals(b("v" + i), again.get("data", b("k-" + t + "-" + i)), "k-" + t + "-" + i);
      }
    }
  }

  @Test
  void stagersRunInCommitOrderAndSeeEarlierCommits() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(
          db.commit(
              txn -> {
                byte[] v = db.get("data", b("counter"));
                int n = v == null ? 0 : Integer.parseInt(new String(v, StandardCharsets.UTF_8));
                txn.put("data", b("counter"), b(Integer.toString(n + 1)));
              }));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertArrayEquals(b("200"), db.get("data", b("counter")));
  }

  @Test
  void aFailingStagerAbortsOnlyItsOwnBatch() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    CompletableFuture<Void> bad =
        db.commit(
            txn -> {
              txn.put("data", b("bad"), b("x"));
              throw new IllegalArgumentException("refused on purpose");
            });
    CompletableFuture<Void> good = db.commit(txn -> txn.put("data", b("good"), b("y")));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertEquals("refused on purpose", e.getCause().getMessage());
    good.get(10, TimeUnit.SECONDS);
    assertNull(db.get("data", b("bad")));
    assertArrayEquals(b("y"), db.get("data", b("good")));
  }

  @Test
  void attachmentsLiveForOneTransactionAndItsFateIsToldBeforeTheNextStager() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    List<String> events = new CopyOnWriteArrayList<>();
    Txn.Key<List<String>> staged =
        Txn.key(
            "test",
            txn -> {
              List<String> mine = new ArrayList<>();
              txn.onCommitted(() -> events.add("committed " + mine));
              txn.onAborted(cause -> events.add("aborted " + mine));
              return mine;
            });
    CompletableFuture<Void> bad =
        db.commit(
            txn -> {
              txn.attachment(staged).add("a");
              throw new IllegalStateException("refused on purpose");
            });
    CompletableFuture<Void> good =
        db.commit(
            txn -> {
              events.add("staging with " + txn.attachment(staged));
              txn.attachment(staged).add("b");
              txn.attachment(staged).add("c");
              txn.put("data", b("k"), b("v"));
            });
    assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    good.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("aborted [a]", "staging with []", "committed [b, c]"), events);
  }

  @Test
  void afterGroupCallbacksRunOncePerGroupAfterEveryTransactionsCallbacks() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    List<String> events = new CopyOnWriteArrayList<>();
    Runnable wake = () -> events.add("wake");
    CountDownLatch staging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // A holds the writer while B, C, D and the failing E queue, so these four are one group.
    CompletableFuture<Void> a =
        holdingTheWriter(db, staging, release, txn -> stageWithWake(txn, "A", events, wake));
    assertTrue(staging.await(10, TimeUnit.SECONDS));
    List<CompletableFuture<Void>> group = new ArrayList<>();
    for (String name : List.of("B", "C", "D")) {
      group.add(db.commit(txn -> stageWithWake(txn, name, events, wake)));
    }
    CompletableFuture<Void> e =
        db.commit(
            txn -> {
              txn.afterGroupCommitted(() -> events.add("wake of an aborted transaction"));
              throw new IllegalStateException("refused on purpose");
            });
    release.countDown();
    a.get(10, TimeUnit.SECONDS);
    for (CompletableFuture<Void> f : group) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThrows(ExecutionException.class, () -> e.get(10, TimeUnit.SECONDS));
    assertEquals(
        List.of("committed A", "wake", "committed B", "committed C", "committed D", "wake"),
        events);
  }

  /**
   * Commits a transaction that holds the writer until {@code release}, then stages {@code then}.
   */
  private static CompletableFuture<Void> holdingTheWriter(
      NodeDatabase db, CountDownLatch holding, CountDownLatch release, NodeDatabase.Stager then) {
    return db.commit(
        txn -> {
          holding.countDown();
          release.await();
          then.stage(txn);
        });
  }

  private static void stageWithWake(Txn txn, String name, List<String> events, Runnable wake) {
    txn.put("data", b(name), b("v"));
    txn.onCommitted(() -> events.add("committed " + name));
    txn.afterGroupCommitted(wake);
  }

  @Test
  void futuresCompleteOnTheCompletionExecutorNotTheWriter() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    AtomicReference<String> writer = new AtomicReference<>();
    // The stager waits until the continuation is attached: otherwise a commit that completes first
    // would run the continuation on this thread, and the test would check nothing.
    java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<String> completion =
        db.commit(
                txn -> {
                  writer.set(Thread.currentThread().getName());
                  try {
                    attached.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  txn.put("data", b("k"), b("v"));
                })
            .thenApply(v -> Thread.currentThread().getName());
    attached.countDown();
    String completer = completion.get(10, TimeUnit.SECONDS);
    assertTrue(writer.get().startsWith("jukinet-store-writer-"), writer.get());
    assertEquals("test-completions", completer);
  }

  @Test
  void readModifyWriteStateRefusesATransactionWhoseStagerReturned() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    IdentityRegistry registry = new IdentityRegistry(db);
    AtomicReference<Txn> escaped = new AtomicReference<>();
    db.commit(escaped::set).get(10, TimeUnit.SECONDS);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                registry.apply(
                    escaped.get(),
                    Changes.birth(
                        "192015",
                        1,
                        "2020-04-01",
                        1,
                        Changes.person("12345678901", "山田 花子", "2020-04-01", "", "甲府市"))));
    assertTrue(e.getMessage().contains("NodeDatabase.commit(Stager)"), e.getMessage());
  }

  @Test
  void commitsAfterCloseFailAndUnknownColumnFamiliesAreNamed() {
    NodeDatabase db = fx.open("cs-192015", dir);
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> db.cf("nope"));
    assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
    fx.close(db);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> db.commit(txn -> {}).get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
  }

  @Test
  void aDatabaseOfTheOlderRegistryLayoutIsRefusedAndLeftAsItWas() throws Exception {
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB old = RocksDB.open(options, dir.toString());
        ColumnFamilyHandle history =
            old.createColumnFamily(new ColumnFamilyDescriptor(b("registry_history")))) {
      old.put(history, b("k"), b("v"));
    }
    StoreException e = assertThrows(StoreException.class, () -> fx.open("pref-190004", dir));
    assertTrue(
        e.getMessage().contains("older jukinet") && e.getMessage().contains("registry_history"),
        e.getMessage());
    assertEquals(Set.of("default", "registry_history"), NodeDatabase.existingColumnFamilies(dir));
  }

  /**
   * {@link NodeDatabase#abandon()}: queued commits are dropped, not waited for; the database
   * reopens.
   */
  @Test
  void abandonDropsQueuedCommitsAndTheDatabaseReopens() throws Exception {
    NodeDatabase db =
        NodeDatabase.open(
            "cs-192015", dir, StoreFixture.allColumnFamilies(), fx.resources, fx.completions);
    db.commit(batch -> batch.put("data", b("acked"), b("1"))).get(10, TimeUnit.SECONDS);
    // The writer is held inside a stager, so everything committed meanwhile stays queued.
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> inFlight =
        holdingTheWriter(db, writing, release, batch -> batch.put("data", b("in-flight"), b("2")));
    assertTrue(writing.await(10, TimeUnit.SECONDS));
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String key = "queued-" + i;
      queued.add(db.commit(batch -> batch.put("data", b(key), b("3"))));
    }
    CompletableFuture<Void> abandoned = CompletableFuture.runAsync(db::abandon);
    for (CompletableFuture<Void> q : queued) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> q.get(10, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("abandoned"), e.getCause().getMessage());
    }
    release.countDown();
    abandoned.get(10, TimeUnit.SECONDS);
    inFlight.get(10, TimeUnit.SECONDS); // the group being written when abandoned finishes

    NodeDatabase again = fx.open("cs-192015", dir);
    assertArrayEquals(b("1"), again.get("data", b("acked")));
    assertArrayEquals(b("2"), again.get("data", b("in-flight")));
    for (int i = 0; i < 5; i++) {
      assertNull(again.get("data", b("queued-" + i)), "a dropped commit was written");
    }
    assertEquals(0, again.commitCount());
  }

  @Test
  void columnFamiliesCreatedAtOpenHoldNoMoreHandlesThanAReopen() throws Exception {
    NodeDatabase first =
        NodeDatabase.open("cs-192015", dir, List.of("data"), fx.resources, fx.completions);
    first.commit(txn -> txn.put("data", b("k"), b("v"))).get(10, TimeUnit.SECONDS);
    first.close();

    NodeDatabase db = fx.open("cs-192015", dir);
    assertArrayEquals(b("v"), db.get("data", b("k")));
    assertNull(db.get(Outbox.CF, b("k")));
    long created = handlesOn(dir);
    fx.close(db);
    fx.open("cs-192015", dir);
    assertEquals(
        handlesOn(dir),
        created,
        "open handles on " + dir + " after creating column families, vs a reopen");
  }

  /** Open file descriptors of this process on {@code directory} itself. */
  private static long handlesOn(Path directory) throws java.io.IOException {
    Path real = directory.toRealPath();
    try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return java.nio.file.Files.readSymbolicLink(fd).equals(real);
                } catch (java.io.IOException | UnsupportedOperationException e) {
                  return false; // closed since listed
                }
              })
          .count();
    }
  }

  @Test
  void beforeWriteRunsOnceTheStagerReturnedAndNotWhenItThrew() throws Exception {
    NodeDatabase db = fx.open("cs-192015", dir);
    List<String> order = new CopyOnWriteArrayList<>();
    db.commit(
            txn -> {
              txn.beforeWrite(
                  () -> {
                    order.add("before write");
                    txn.put("data", b("final"), b("v2")); // still staging: part of the batch
                  });
              order.add("stager");
              txn.put("data", b("staged"), b("v1"));
            })
        .get(10, TimeUnit.SECONDS);
    assertEquals(List.of("stager", "before write"), order);
    assertArrayEquals(b("v1"), db.get("data", b("staged")));
    assertArrayEquals(b("v2"), db.get("data", b("final")));

    CompletableFuture<Void> bad =
        db.commit(
            txn -> {
              txn.beforeWrite(() -> txn.put("data", b("never"), b("x")));
              throw new IllegalStateException("refused");
            });
    assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertNull(db.get("data", b("never")));
  }
}
