package jp.jukinet.national.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.proto.CounterRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisclosureCountersTest {
  @TempDir Path dir;

  @Test
  void countsByMonthAndMethodsSurviveAReopenAndFilterByMonth() throws Exception {
    try (StoreResources resources = StoreResources.create(16L << 20, 16L << 20)) {
      NodeDatabase db = open(resources);
      DisclosureCounters counters = new DisclosureCounters(db);
      List<CompletableFuture<Void>> commits =
          List.of(
              db.commit(t -> counters.stage(t, YearMonth.of(2021, 3), "来所", "来所")),
              db.commit(t -> counters.stage(t, YearMonth.of(2021, 3), "来所", "来所")),
              db.commit(t -> counters.stage(t, YearMonth.of(2021, 4), "郵送", "来所")));
      CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).join();
      db.close();

      NodeDatabase reopened = open(resources);
      DisclosureCounters again = new DisclosureCounters(reopened);
      List<CounterRow> all = again.counters(null, null);
      assertEquals(2, all.size());
      assertEquals("2021-03", all.get(0).getMonth());
      assertEquals(2, all.get(0).getCount());
      assertEquals("郵送", all.get(1).getRequestMethod());
      assertEquals(1, again.counters(YearMonth.of(2021, 4), null).size());
      assertEquals(0, again.counters(null, YearMonth.of(2021, 2)).size());
      reopened.close();
    }
  }

  private NodeDatabase open(StoreResources resources) {
    return NodeDatabase.open(
        "national", dir, DisclosureCounters.COLUMN_FAMILIES, resources, Runnable::run);
  }
}
