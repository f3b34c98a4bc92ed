package jp.jukinet.node.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.transport.TransportResources;

/**
 * What every node in one JVM shares: the event loops, an executor for blocking work (disk, PKI
 * reloads) that must never run on an event loop, the clock, and the RocksDB budget (one block cache
 * and write-buffer manager, created on first use so a CLI that only queries never loads RocksDB). A
 * node process owns one; the in-JVM host passes one to all of its nodes, so 1,789 nodes do not
 * create 1,789 thread pools, and for a large network gives it a shared store directory, so they do
 * not open 1,789 RocksDB instances either. Closing it shuts the shared resources down, so close
 * every node first.
 */
public final class NodeRuntime implements AutoCloseable {
  private final TransportResources transport;
  private final ExecutorService blocking;
  private final Clock clock;
  private final StoreResources.Settings storeSettings;
  private final Path sharedStoreDirectory;
  private StoreResources store;
  private boolean closed;

  /** A runtime whose nodes each open a database of their own. */
  public NodeRuntime(
      TransportResources transport,
      ExecutorService blocking,
      Clock clock,
      StoreResources.Settings storeSettings) {
    this(transport, blocking, clock, storeSettings, null);
  }

  /**
   * @param sharedStoreDirectory where every node's database lives, under its own key prefix, in one
   *     RocksDB instance (an in-JVM host); null: each node opens a database of its own
   */
  public NodeRuntime(
      TransportResources transport,
      ExecutorService blocking,
      Clock clock,
      StoreResources.Settings storeSettings,
      Path sharedStoreDirectory) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storeSettings = Objects.requireNonNull(storeSettings, "storeSettings");
    this.sharedStoreDirectory = sharedStoreDirectory;
  }

  /** A node process's RocksDB budget: the machine runs dozens of them. */
  public static final StoreResources.Settings SINGLE_NODE_STORE =
      StoreResources.Settings.of(16L << 20, 32L << 20);

  /**
   * The budget shared by every node of an in-JVM network. Its column families take every node's
   * writes, so their memtables are larger than a lone node's (64 MB, not 16): each flush then spans
   * every node's keys, and with 16 MB the level-0 files that overlap all of level 1 came so often
   * that compaction cost about a tenth of a change's CPU.
   */
  public static final StoreResources.Settings SHARED_STORE =
      new StoreResources.Settings(512L << 20, 256L << 20, 64L << 20, 64, 2, 2);

  /** RocksDB raises any max_open_files below this to it (SanitizeOptions). */
  static final int ROCKSDB_MIN_OPEN_FILES = 20;

  /** At most this many table files open in the shared database, however large the budget. */
  static final int MAX_TABLE_FILES = 2_000;

  /**
   * {@link #SHARED_STORE} for an in-JVM host that may hold {@code descriptorBudget} open files: a
   * quarter of them for the shared database's table files (RocksDB fails a read outright when it
   * cannot open one), the rest for sockets, the WAL, the manifest and the JVM's own files.
   */
  public static StoreResources.Settings sharedStore(long descriptorBudget) {
    if (descriptorBudget < 4L * ROCKSDB_MIN_OPEN_FILES) {
      throw new IllegalArgumentException(
          "descriptor budget "
              + descriptorBudget
              + " must be at least "
              + 4 * ROCKSDB_MIN_OPEN_FILES
              + " (RocksDB keeps "
              + ROCKSDB_MIN_OPEN_FILES
              + " table files open at least)");
    }
    int files = (int) Math.min(MAX_TABLE_FILES, descriptorBudget / 4);
    return SHARED_STORE.withMaxOpenFiles(files);
  }

  /**
   * The budget of an in-JVM host whose {@code nodes} nodes each open a database of their own: the
   * shared cache and write-buffer budget, 16 MB memtables as a node process has, and at most a
   * quarter of {@code descriptorBudget} in table files over all the databases (at most 64 each).
   *
   * @throws IllegalArgumentException when that leaves a database fewer table files than RocksDB
   *     keeps open (then the nodes belong in {@link #sharedStore one shared database})
   */
  public static StoreResources.Settings ownStores(int nodes, long descriptorBudget) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes " + nodes + " must be at least 1");
    }
    long perDatabase = tableFilesPerOwnDatabase(nodes, descriptorBudget);
    if (perDatabase < ROCKSDB_MIN_OPEN_FILES) {
      throw new IllegalArgumentException(
          "descriptor budget "
              + descriptorBudget
              + " leaves "
              + nodes
              + " databases "
              + perDatabase
              + " table files each; RocksDB keeps "
              + ROCKSDB_MIN_OPEN_FILES
              + " open at least");
    }
    return OWN_STORES.withMaxOpenFiles((int) Math.min(OWN_STORES.maxOpenFiles(), perDatabase));
  }

  /**
   * How many table files each of {@code nodes} databases of their own may keep open within {@code
   * descriptorBudget}: a quarter of the budget, shared out (before {@link #ownStores}' cap of 64).
   */
  public static long tableFilesPerOwnDatabase(int nodes, long descriptorBudget) {
    return descriptorBudget / 4 / Math.max(1, nodes);
  }

  /** {@link #ownStores}' budget before its descriptor cap. */
  static final StoreResources.Settings OWN_STORES =
      StoreResources.Settings.of(512L << 20, 256L << 20);

  /**
   * A runtime with {@code workerThreads} event-loop threads (at least 1) and {@code
   * blockingThreads} threads for blocking work, on the system clock.
   */
  public static NodeRuntime create(int workerThreads, int blockingThreads) {
    return create(workerThreads, blockingThreads, SINGLE_NODE_STORE);
  }

  public static NodeRuntime create(
      int workerThreads, int blockingThreads, StoreResources.Settings store) {
    return create(workerThreads, blockingThreads, store, null);
  }

  /**
   * A runtime whose nodes keep their databases in one RocksDB instance in {@code
   * sharedStoreDirectory} (null: each in a database of its own).
   */
  public static NodeRuntime create(
      int workerThreads,
      int blockingThreads,
      StoreResources.Settings store,
      Path sharedStoreDirectory) {
    if (workerThreads < 1) {
      throw new IllegalArgumentException("worker threads " + workerThreads + " must be at least 1");
    }
    if (blockingThreads < 1) {
      throw new IllegalArgumentException(
          "blocking threads " + blockingThreads + " must be at least 1");
    }
    return new NodeRuntime(
        TransportResources.create(workerThreads),
        Executors.newFixedThreadPool(blockingThreads, daemonThreads("jukinet-blocking")),
        Clock.systemUTC(),
        store,
        sharedStoreDirectory);
  }

  /** A runtime sized for one node process: few threads, since the machine runs many of them. */
  public static NodeRuntime forSingleNode() {
    return create(2, 2);
  }

  public TransportResources transport() {
    return transport;
  }

  /** Runs blocking work (disk, file reads) off the event loops. */
  public ExecutorService blockingExecutor() {
    return blocking;
  }

  public Clock clock() {
    return clock;
  }

  /** The shared RocksDB resources, created on first use. */
  public synchronized StoreResources store() {
    if (closed) {
      throw new IllegalStateException("the node runtime is closed");
    }
    if (store == null) {
      store =
          sharedStoreDirectory == null
              ? StoreResources.create(storeSettings)
              : StoreResources.createShared(storeSettings, sharedStoreDirectory);
    }
    return store;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    blocking.shutdown();
    try {
      if (!blocking.awaitTermination(5, TimeUnit.SECONDS)) {
        blocking.shutdownNow();
      }
    } catch (InterruptedException e) {
      blocking.shutdownNow();
      Thread.currentThread().interrupt();
    }
    transport.close();
    synchronized (this) {
      if (store != null) {
        store.close(); // after the nodes closed their databases
        store = null;
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
