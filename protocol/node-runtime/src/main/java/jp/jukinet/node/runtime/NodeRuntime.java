package jp.jukinet.node.runtime;

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
 * reloads) that must never run on an event loop, the clock, and the RocksDB budget (one block
 * cache and write-buffer manager, created on first use so a CLI that only queries never loads
 * RocksDB). A node process owns one; the
 * in-JVM host passes one to all of its nodes, so 1,789 nodes do not create 1,789 thread pools.
 * Closing it shuts the shared resources down, so close every node first.
 */
public final class NodeRuntime implements AutoCloseable {
  private final TransportResources transport;
  private final ExecutorService blocking;
  private final Clock clock;
  private final StoreResources.Settings storeSettings;
  private StoreResources store;
  private boolean closed;

  public NodeRuntime(
      TransportResources transport, ExecutorService blocking, Clock clock, StoreResources.Settings storeSettings) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storeSettings = Objects.requireNonNull(storeSettings, "storeSettings");
  }

  /** A node process's RocksDB budget: the machine runs dozens of them. */
  public static final StoreResources.Settings SINGLE_NODE_STORE = StoreResources.Settings.of(16L << 20, 32L << 20);

  /** The budget shared by every node of an in-JVM network. */
  public static final StoreResources.Settings SHARED_STORE = StoreResources.Settings.of(512L << 20, 256L << 20);

  /** RocksDB raises any max_open_files below this to it (SanitizeOptions). */
  static final int ROCKSDB_MIN_OPEN_FILES = 20;

  /**
   * {@link #SHARED_STORE} for {@code nodes} databases in one process whose descriptor limit is
   * {@code fdLimit}: at most half the limit goes to table files (the rest is sockets, WALs,
   * manifests), so that {@code japan}'s 1,789 stores cannot run the JVM out of descriptors as
   * they grow — RocksDB fails hard when a table file cannot be opened.
   */
  public static StoreResources.Settings sharedStore(int nodes, long fdLimit) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes " + nodes + " must be at least 1");
    }
    long perDb = fdLimit / 2 / nodes;
    int files = (int) Math.max(ROCKSDB_MIN_OPEN_FILES, Math.min(SHARED_STORE.maxOpenFilesPerDb(), perDb));
    return SHARED_STORE.withMaxOpenFilesPerDb(files);
  }

  /**
   * A runtime with {@code workerThreads} event-loop threads (at least 1) and
   * {@code blockingThreads} threads for blocking work, on the system clock.
   */
  public static NodeRuntime create(int workerThreads, int blockingThreads) {
    return create(workerThreads, blockingThreads, SINGLE_NODE_STORE);
  }

  public static NodeRuntime create(int workerThreads, int blockingThreads, StoreResources.Settings store) {
    if (workerThreads < 1) {
      throw new IllegalArgumentException("worker threads " + workerThreads + " must be at least 1");
    }
    if (blockingThreads < 1) {
      throw new IllegalArgumentException("blocking threads " + blockingThreads + " must be at least 1");
    }
    return new NodeRuntime(
        TransportResources.create(workerThreads),
        Executors.newFixedThreadPool(blockingThreads, daemonThreads("jukinet-blocking")),
        Clock.systemUTC(),
        store);
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
      store = StoreResources.create(storeSettings);
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
