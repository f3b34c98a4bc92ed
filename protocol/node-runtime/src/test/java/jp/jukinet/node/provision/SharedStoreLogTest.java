package jp.jukinet.node.provision;

import static jp.jukinet.node.provision.LogFixture.event;
import static jp.jukinet.node.provision.LogFixture.stage;
import static jp.jukinet.node.provision.LogFixture.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers of one in-JVM host keep their logs in one RocksDB instance, each behind its key prefix: a
 * log reopened finds its own last entry and seal, never a neighbour's.
 */
@Timeout(60)
class SharedStoreLogTest {
  @TempDir Path tmp;

  @Test
  void eachServerRecoversItsOwnChainFromTheSharedStore() throws Exception {
    ExecutorService completions = Executors.newFixedThreadPool(2);
    ProvisionLog.Settings every3 = new ProvisionLog.Settings(3, Duration.ofHours(1));
    LogFixture keys = new LogFixture();
    try {
      for (int run = 0; run < 2; run++) {
        try (StoreResources shared =
            StoreResources.createShared(
                StoreResources.Settings.of(16L << 20, 16L << 20), tmp.resolve("store"))) {
          // "national" sorts before "pref-…" and after "cs-…": neighbours on both sides.
          NodeDatabase cs = open(shared, "cs-192015", completions);
          NodeDatabase national = open(shared, "national", completions);
          NodeDatabase pref = open(shared, "pref-190004", completions);
          ProvisionLog csLog =
              new ProvisionLog(cs, LogFixture.KEYS.getPrivate(), keys.clock, every3);
          ProvisionLog nationalLog =
              new ProvisionLog(national, LogFixture.KEYS.getPrivate(), keys.clock, every3);
          ProvisionLog prefLog =
              new ProvisionLog(pref, LogFixture.KEYS.getPrivate(), keys.clock, every3);
          assertEquals(run == 0 ? 1 : 5, stage(national, nationalLog, event("agency-A01", 1, "p")));
          if (run == 0) {
            for (int i = 0; i < 7; i++) {
              stage(cs, csLog, event("agency-A02", 1, "q"));
            }
            stage(national, nationalLog, event("agency-A01", 2, "p"));
            stage(national, nationalLog, event("agency-A01", 3, "p"));
            stage(national, nationalLog, event("agency-A01", 4, "p"));
            nationalLog.close();
          } else {
            assertEquals(1, stage(pref, prefLog, event("term-190004-01", 1, "r")));
            assertEquals(8, stage(cs, csLog, event("agency-A02", 1, "q")));
            nationalLog.close();
            assertTrue(verify(nationalLog, 2).ok());
            assertEquals(5, verify(nationalLog, 2).entries());
          }
          for (NodeDatabase db : new NodeDatabase[] {cs, national, pref}) {
            db.close();
          }
        }
      }
    } finally {
      completions.shutdownNow();
      keys.close();
    }
  }

  private NodeDatabase open(StoreResources shared, String node, ExecutorService completions) {
    return NodeDatabase.open(
        node, tmp.resolve(node), LogFixture.columnFamilies(), shared, completions);
  }
}
