package jp.jukinet.node.store;

import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.IdentityChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the rate of registry.apply + outbox.append, one change per commit, through the group
 * committer (a measurement, not an asserted timing; only the outcome is asserted).
 */
@Timeout(300)
class RegistryThroughputTest {
  @TempDir Path dir;

  @Test
  void applyAndAppendThroughTheGroupCommitter() throws Exception {
    int n = 20_000;
    try (StoreFixture fx = new StoreFixture()) {
      NodeDatabase db = fx.open("pref-190004", dir);
      IdentityRegistry registry = new IdentityRegistry(db);
      Outbox outbox = new Outbox(db, Clock.systemUTC());
      List<IdentityChange> changes = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        changes.add(
            birth(
                "192015",
                i + 1,
                "2020-04-01",
                i,
                person(
                    String.format("7%010d", i),
                    "測定 " + i,
                    "2020-04-01",
                    String.format("7%011d", i),
                    "甲府市")));
      }
      long start = System.nanoTime();
      List<CompletableFuture<Void>> fs = new ArrayList<>(n);
      for (IdentityChange c : changes) {
        fs.add(
            db.commit(
                txn -> {
                  registry.apply(txn, c);
                  outbox.append(txn, c);
                }));
      }
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          java.util.Locale.ROOT,
          "registry.apply + outbox.append: %d changes in %.2f s = %.0f changes/s, %d WAL syncs%n",
          n,
          seconds,
          n / seconds,
          db.walSyncCount());
      assertEquals(n, registry.count());
      assertEquals(n, outbox.size());
      assertTrue(db.walSyncCount() < n);
    }
  }
}
