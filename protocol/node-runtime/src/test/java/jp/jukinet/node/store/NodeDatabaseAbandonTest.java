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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeDatabase#abandon()}: queued commits are dropped, not waited for; the database reopens. */
@Timeout(60)
class NodeDatabaseAbandonTest {
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
  void queuedCommitsFailUnwrittenAndTheDatabaseReopens() throws Exception {
    NodeDatabase db = NodeDatabase.open("cs-192015", dir, StoreFixture.allColumnFamilies(), fx.resources,
        fx.completions);
    db.commit(batch -> batch.put(db.cf("data"), b("acked"), b("1"))).get(10, TimeUnit.SECONDS);
    // The writer is held inside a stager, so everything committed meanwhile stays queued.
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> inFlight = db.commit(batch -> {
      writing.countDown();
      release.await();
      batch.put(db.cf("data"), b("in-flight"), b("2"));
    });
    assertTrue(writing.await(10, TimeUnit.SECONDS));
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String key = "queued-" + i;
      queued.add(db.commit(batch -> batch.put(db.cf("data"), b(key), b("3"))));
    }
    CompletableFuture<Void> abandoned = CompletableFuture.runAsync(db::abandon);
    for (CompletableFuture<Void> q : queued) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> q.get(10, TimeUnit.SECONDS));
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
}
