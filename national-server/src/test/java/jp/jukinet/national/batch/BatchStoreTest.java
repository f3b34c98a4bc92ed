package jp.jukinet.national.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.proto.MediaRecord;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch progress and media records on a real RocksDB, across a reopen. */
class BatchStoreTest {
  @TempDir Path dir;
  private final ExecutorService completions = Executors.newSingleThreadExecutor();
  private final StoreResources resources = StoreResources.create(16L << 20, 16L << 20);

  @AfterEach
  void close() {
    completions.shutdownNow();
    resources.close();
  }

  private NodeDatabase open() {
    return NodeDatabase.open("national", dir, BatchStore.COLUMN_FAMILIES, resources, completions);
  }

  @Test
  void progressAndMediaSurviveAReopen() throws Exception {
    try (NodeDatabase db = open()) {
      BatchStore store = new BatchStore(db);
      BatchProgress[] p = new BatchProgress[1];
      db.commit(
              txn ->
                  p[0] =
                      store.stageNew(
                          txn,
                          new BatchProgress(
                              "agency-A20",
                              "b1",
                              "J39",
                              ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA,
                              100,
                              0),
                          MediaRecord.newBuilder()
                              .setRequester("agency-A20")
                              .setBatchId("b1")
                              .setRecords(100)))
          .get(10, TimeUnit.SECONDS);
      db.commit(txn -> store.stageLogged(txn, p[0], 40)).get(10, TimeUnit.SECONDS);
      // A stager that fails leaves the progress where it was.
      db.commit(
              txn -> {
                store.stageLogged(txn, p[0], 60);
                throw new IllegalStateException("abort");
              })
          .handle((ok, e) -> null)
          .get(10, TimeUnit.SECONDS);
      assertEquals(40, p[0].logged());
    }
    try (NodeDatabase db = open()) {
      BatchStore store = new BatchStore(db);
      BatchProgress p = store.progress("agency-A20", "b1").orElseThrow();
      assertEquals(40, p.logged());
      assertEquals("J39", p.jimuCode);
      assertEquals(100, p.keyCount);
      assertTrue(store.progress("agency-A21", "b1").isEmpty());
      MediaRecord m = store.media("agency-A20", "b1").orElseThrow();
      assertEquals(1, m.getSequence());
      db.commit(
              txn ->
                  store.stageNew(
                      txn,
                      new BatchProgress(
                          "agency-A20",
                          "b2",
                          "J39",
                          ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA,
                          5,
                          0),
                      MediaRecord.newBuilder().setRequester("agency-A20").setBatchId("b2")))
          .get(10, TimeUnit.SECONDS);
      List<MediaRecord> page = store.mediaPage(0, 10);
      assertEquals(List.of("b1", "b2"), page.stream().map(MediaRecord::getBatchId).toList());
      assertEquals(2, page.get(1).getSequence());
      assertEquals(
          List.of("b2"), store.mediaPage(1, 10).stream().map(MediaRecord::getBatchId).toList());
    }
  }
}
