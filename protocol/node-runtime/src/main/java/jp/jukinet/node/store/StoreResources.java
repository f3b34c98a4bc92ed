package jp.jukinet.node.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB resources shared by every node database in one JVM: one LRU block cache, one {@link
 * WriteBufferManager} whose memtable memory is charged to that cache (whose capacity is therefore
 * {@code cacheBytes} for blocks plus {@code writeBufferBytes} for the memtables), the default
 * {@link Env} with a small, fixed number of background (flush/compaction) threads, a small pool of
 * group-commit writer threads and a small pool of WAL-sync threads; and, for an in-JVM host of a
 * large network, the one {@link SharedDatabase} its nodes' databases live in. With these, {@code
 * --in-jvm} {@code japan} (1,789 nodes) stays within one memory budget and one bounded set of open
 * files instead of one per node.
 *
 * <p>Per-instance options are deliberately small (a few MB of write buffer per column family, a
 * bounded number of open files, no per-DB threads); the shared write-buffer budget forces flushes
 * when the sum over all instances would exceed it.
 */
public final class StoreResources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreResources.class);

  /** Settings; validated on construction. */
  public record Settings(
      long cacheBytes,
      long writeBufferBytes,
      long columnFamilyWriteBufferBytes,
      int maxOpenFiles,
      int backgroundThreads,
      int writerThreads) {
    public Settings {
      requirePositive("cacheBytes", cacheBytes);
      requirePositive("writeBufferBytes", writeBufferBytes);
      requirePositive("columnFamilyWriteBufferBytes", columnFamilyWriteBufferBytes);
      requirePositive("maxOpenFiles", maxOpenFiles);
      requirePositive("backgroundThreads", backgroundThreads);
      requirePositive("writerThreads", writerThreads);
    }

    /** The same settings with at most {@code files} table files open per database. */
    public Settings withMaxOpenFiles(int files) {
      return new Settings(
          cacheBytes,
          writeBufferBytes,
          columnFamilyWriteBufferBytes,
          files,
          backgroundThreads,
          writerThreads);
    }

    /** Defaults for everything but the two budgets. */
    public static Settings of(long cacheBytes, long writeBufferBytes) {
      return new Settings(cacheBytes, writeBufferBytes, 16L << 20, 64, 2, 2);
    }

    private static void requirePositive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }
  }

  private static final long ARENA_BLOCK_BYTES = 64L << 10;
  // Bytes of memtable bloom filter per byte of write buffer (RocksDB caps the ratio at 0.25).
  private static final double MEMTABLE_BLOOM_RATIO = 0.02;

  /** Column families read by key on the commit path, mostly for keys that do not exist. */
  static final Set<String> POINT_READ_COLUMN_FAMILIES = Set.of(IdentityRegistry.PERSON_CF);

  /**
   * Column families of an older layout (before a person's record and history shared one key): a
   * database holding them was written by an older jukinet, and this one would read it as empty.
   */
  static final Set<String> RETIRED_COLUMN_FAMILIES = Set.of("registry_history", "registry_current");

  static final long MIN_SHARD_BYTES = 16L << 20;

  private final Settings settings;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;
  private final Env env;
  private final BloomFilter bloomFilter;
  private final ExecutorService writers;
  private final org.rocksdb.Logger infoLog;
  private final ExecutorService syncers;
  private final Path sharedDirectory;
  private SharedDatabase shared;
  private boolean closed;

  private StoreResources(Settings settings, Path sharedDirectory) {
    RocksDB.loadLibrary();
    this.settings = settings;
    this.sharedDirectory = sharedDirectory;
    // The write-buffer manager charges every memtable to this cache, so its capacity holds the
    // write-buffer budget on top of the blocks'. Few, large shards: a block larger than its shard
    // is never kept (by default up to 64 shards of 512 kB or more), and an SST's full filter block
    // grows with the database (1.2 MB at the national server after ~1M changes), so every point
    // read re-read and checksummed it: ~300 µs per change, the servers' lag in process mode.
    long capacity = settings.cacheBytes() + settings.writeBufferBytes();
    this.cache = new LRUCache(capacity, shardBits(capacity));
    this.writeBufferManager = new WriteBufferManager(settings.writeBufferBytes(), cache);
    this.bloomFilter = new BloomFilter(10);
    // The default Env is process-wide; its pools are what every DB's flushes and compactions use.
    this.env = Env.getDefault();
    env.setBackgroundThreads(settings.backgroundThreads(), Priority.LOW);
    env.setBackgroundThreads(1, Priority.HIGH);
    this.writers =
        Executors.newFixedThreadPool(
            settings.writerThreads(), daemonThreads("jukinet-store-writer-"));
    // One logger for every database instead of a LOG file each: the process's open-file limit is
    // shared with sockets and directories.
    this.infoLog =
        new org.rocksdb.Logger(InfoLogLevel.WARN_LEVEL) {
          @Override
          protected void log(InfoLogLevel level, String message) {
            LOG.warn("store: rocksdb {}: {}", level, message);
          }
        };
    // WAL syncs mostly wait for the disk, so a few more threads than writers: databases sync in
    // parallel.
    this.syncers =
        Executors.newFixedThreadPool(
            2 * settings.writerThreads(), daemonThreads("jukinet-store-sync-"));
  }

  /**
   * Shards of at least {@link #MIN_SHARD_BYTES} each (at most 64), so that large filter blocks stay
   * cached.
   */
  static int shardBits(long capacity) {
    int bits = 0;
    while (bits < 6 && (capacity >> (bits + 1)) >= MIN_SHARD_BYTES) {
      bits++;
    }
    return bits;
  }

  /** Resources for databases of their own, one per node. */
  public static StoreResources create(long cacheBytes, long writeBufferBytes) {
    return create(Settings.of(cacheBytes, writeBufferBytes));
  }

  /** Resources for databases of their own, one per node. */
  public static StoreResources create(Settings settings) {
    return new StoreResources(Objects.requireNonNull(settings, "settings"), null);
  }

  /**
   * Resources whose every node database lives in one {@link SharedDatabase} in {@code
   * sharedDirectory} (opened on first use), each under its node's key prefix: an in-JVM host's
   * descriptors then do not grow with its number of nodes.
   */
  public static StoreResources createShared(Settings settings, Path sharedDirectory) {
    return new StoreResources(
        Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(sharedDirectory, "sharedDirectory"));
  }

  /** The shared instance, opened on first use; null when every node has a database of its own. */
  synchronized SharedDatabase sharedDatabase() {
    if (sharedDirectory == null) {
      return null;
    }
    if (closed) {
      throw new IllegalStateException("store: the store resources are closed");
    }
    if (shared == null) {
      shared = SharedDatabase.open(sharedDirectory, this);
    }
    return shared;
  }

  public Settings settings() {
    return settings;
  }

  /** The threads that run group commits (each database is drained by one of them at a time). */
  ExecutorService writerExecutor() {
    return writers;
  }

  /** The threads that run WAL syncs (each database syncs on one of them at a time). */
  ExecutorService syncExecutor() {
    return syncers;
  }

  /** New per-database options; the caller closes them after the database. */
  DBOptions newDbOptions() {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setEnv(env)
        .setWriteBufferManager(writeBufferManager)
        .setMaxOpenFiles(settings.maxOpenFiles())
        .setMaxBackgroundJobs(settings.backgroundThreads())
        // A rarely written column family must not keep old WAL files alive for long; but a WAL
        // over what the memtables may hold forces flushes of every column family it spans, and an
        // in-JVM host's shared database has one WAL for every node's writes: twice the memtable
        // budget.
        .setMaxTotalWalSize(2 * settings.writeBufferBytes())
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setLogger(infoLog)
        .setKeepLogFileNum(2)
        .setMaxLogFileSize(1L << 20)
        .setMaxManifestFileSize(4L << 20)
        .setStatsDumpPeriodSec(0);
  }

  /**
   * New options of the column families in {@link #POINT_READ_COLUMN_FAMILIES}: with a bloom filter
   * of the memtable's whole keys. The commit path reads a person before every change, and for a 記載
   * the person does not exist: without the filter each such read walked the memtable's skip list to
   * learn so (8 % of a change's CPU in {@code bench changes}). Not for the other column families:
   * each insert pays for the filter too.
   */
  ColumnFamilyOptions newPointReadColumnFamilyOptions() {
    return newColumnFamilyOptions()
        .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
        .setMemtableWholeKeyFiltering(true);
  }

  /** New per-column-family options; the caller closes them after the database. */
  ColumnFamilyOptions newColumnFamilyOptions() {
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            // Index and filter blocks live in the shared cache, so they count against its budget.
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            .setFilterPolicy(bloomFilter);
    return new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setWriteBufferSize(settings.columnFamilyWriteBufferBytes())
        // Every memtable holds at least one arena block, charged to the shared write-buffer
        // budget: with the default (1 MB) a network's dozens of memtables used up the budget
        // empty, and the manager flushed memtables of a few kB, thousands of L0 files a minute.
        .setArenaBlockSize(ARENA_BLOCK_BYTES)
        .setMaxWriteBufferNumber(2)
        .setTargetFileSizeBase(2 * settings.columnFamilyWriteBufferBytes())
        .setMaxBytesForLevelBase(8 * settings.columnFamilyWriteBufferBytes())
        // Flushes and the first compactions are on the commit path's CPU budget: compress only
        // the levels that hold most of the data.
        .setCompressionPerLevel(
            List.of(
                CompressionType.NO_COMPRESSION,
                CompressionType.NO_COMPRESSION,
                CompressionType.LZ4_COMPRESSION,
                CompressionType.LZ4_COMPRESSION,
                CompressionType.LZ4_COMPRESSION,
                CompressionType.LZ4_COMPRESSION,
                CompressionType.LZ4_COMPRESSION))
        .setCompressionType(CompressionType.LZ4_COMPRESSION);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    writers.shutdown();
    syncers.shutdown();
    try {
      writers.awaitTermination(30, TimeUnit.SECONDS);
      syncers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (shared != null) {
        shared.close(); // after the writers finished, so no commit is left half done
      }
    }
    bloomFilter.close();
    infoLog.close();
    writeBufferManager.close();
    cache.close();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
