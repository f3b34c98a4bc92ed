package jp.jukinet.node.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Opens node databases over one small set of shared resources; closes everything. */
public final class StoreFixture implements AutoCloseable {
  public final StoreResources resources = StoreResources.create(16L << 20, 16L << 20);
  public final ExecutorService completions =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "test-completions");
            t.setDaemon(true);
            return t;
          });
  private final List<NodeDatabase> open = new ArrayList<>();

  public static List<String> allColumnFamilies() {
    List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
    cfs.addAll(Outbox.COLUMN_FAMILIES);
    cfs.addAll(InboundLedger.COLUMN_FAMILIES);
    cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
    cfs.add("data");
    return cfs;
  }

  public NodeDatabase open(String name, Path dir) {
    NodeDatabase db = NodeDatabase.open(name, dir, allColumnFamilies(), resources, completions);
    open.add(db);
    return db;
  }

  /** Closes one database early (e.g. to reopen it). */
  public void close(NodeDatabase db) {
    open.remove(db);
    db.close();
  }

  @Override
  public void close() {
    for (NodeDatabase db : open) {
      db.close();
    }
    resources.close();
    completions.shutdownNow();
  }
}
