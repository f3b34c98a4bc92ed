package jp.jukinet.sim.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.store.StoreResources;

/**
 * Where the nodes of an in-JVM host keep their data. Up to {@link #OWN_DATABASES_UP_TO} nodes each
 * open a RocksDB database of their own in {@code nodes/<name>/data}, as node processes do (so the
 * same run directory also starts in process mode); a larger network keeps every node's data in one
 * shared database in {@code store/}, since a database each would not fit the host's open files and
 * memory. Eleven nodes writing into one shared database ran {@code bench changes} 27 % slower than
 * a database each (one WAL and one write queue for all of them).
 *
 * <p>A run directory keeps the layout it started with: one that holds a shared database goes on
 * with it, whatever the size of the network.
 *
 * @param settings the RocksDB budget of the host
 * @param sharedDirectory the shared database's directory, or null: a database per node
 */
record InJvmStores(StoreResources.Settings settings, Path sharedDirectory) {
  /** Networks up to this many nodes (every example topology but japan) get a database each. */
  static final int OWN_DATABASES_UP_TO = 64;

  /** Fewer table files per database than this, and the nodes share one database instead. */
  private static final int OWN_MIN_TABLE_FILES = 32;

  InJvmStores {
    Objects.requireNonNull(settings, "settings");
  }

  /** The layout for {@code nodes} nodes in {@code dir}, within {@code descriptorBudget}. */
  static InJvmStores choose(RunDirectory dir, int nodes, long descriptorBudget) {
    if (!Files.isDirectory(dir.sharedStoreDir())
        && nodes <= OWN_DATABASES_UP_TO
        && NodeRuntime.tableFilesPerOwnDatabase(nodes, descriptorBudget) >= OWN_MIN_TABLE_FILES) {
      return new InJvmStores(NodeRuntime.ownStores(nodes, descriptorBudget), null);
    }
    // The shared budget, not one node's: with 32 MB for a whole network the write-buffer manager
    // flushed memtables of a few kB (thousands of L0 files a minute, write stalls).
    return new InJvmStores(NodeRuntime.sharedStore(descriptorBudget), dir.sharedStoreDir());
  }

  boolean shared() {
    return sharedDirectory != null;
  }
}
