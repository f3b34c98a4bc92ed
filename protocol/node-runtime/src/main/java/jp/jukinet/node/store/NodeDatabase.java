package jp.jukinet.node.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's database with named column families: opening, column-family handles, reads and close.
 * Every write goes through its {@link GroupCommitter}.
 *
 * <p>A commit ({@link #commit(Stager)}) runs its stager <i>on the writer</i>, in commit order, with
 * a {@link Txn}, and the stager sees (through ordinary reads) every transaction committed before
 * it, because each batch is written before the next stager runs. Read-modify-write state ({@link
 * IdentityRegistry}, {@link Outbox#append}, {@link InboundLedger#stage}) checks that it is staged
 * this way ({@link Txn#requireStaging}).
 *
 * <p>The database is a RocksDB instance of the node's own, except on an in-JVM host given a shared
 * store (a large network), where it is the node's key range of the host's {@link SharedDatabase}.
 * Callers see the same keys either way.
 *
 * <p>A commit's future completes once its batch is durable (it then survives {@code kill -9}).
 * Reads go straight to the database and may observe a batch between its write and its WAL sync;
 * nothing is acknowledged to a peer before its future completed.
 */
public final class NodeDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDatabase.class);

  /**
   * Stages writes into a transaction on the writer thread. Throwing aborts this transaction only.
   */
  @FunctionalInterface
  public interface Stager {
    void stage(Txn txn) throws Exception;
  }

  private final String nodeName;
  private final Path dir;
  private final RocksDB rocks;
  private final byte[] keyPrefix;
  private final Map<String, ColumnFamilyHandle> handles;
  private final Runnable release;
  private final GroupCommitter committer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NodeDatabase(
      String nodeName,
      Path dir,
      RocksDB rocks,
      byte[] keyPrefix,
      Map<String, ColumnFamilyHandle> handles,
      Runnable release,
      StoreResources resources,
      Executor completions) {
    this.nodeName = nodeName;
    this.dir = dir;
    this.rocks = rocks;
    this.keyPrefix = keyPrefix;
    this.handles = handles;
    this.release = release;
    this.committer =
        new GroupCommitter(this, resources.writerExecutor(), resources.syncExecutor(), completions);
  }

  /**
   * Opens (or creates) the node's database with the given column families (created when missing;
   * column families already in the database but not listed are opened too). With {@link
   * StoreResources#createShared shared} resources the database is the node's key range of the
   * host's {@link SharedDatabase} and {@code dir} must hold no database of the node's own.
   *
   * @param completions where commit futures complete (e.g. the node's business executor)
   */
  public static NodeDatabase open(
      String nodeName,
      Path dir,
      Collection<String> columnFamilies,
      StoreResources resources,
      Executor completions) {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(completions, "completions");
    Set<String> names = new LinkedHashSet<>();
    names.add("default");
    for (String cf : columnFamilies) {
      if (cf == null || cf.isBlank()) {
        throw new IllegalArgumentException("column family name '" + cf + "' must not be blank");
      }
      names.add(cf);
    }
    SharedDatabase shared = resources.sharedDatabase();
    return shared == null
        ? openOwn(nodeName, dir, names, resources, completions)
        : openShared(nodeName, dir, names, shared, resources, completions);
  }

  private static NodeDatabase openShared(
      String nodeName,
      Path dir,
      Set<String> names,
      SharedDatabase shared,
      StoreResources resources,
      Executor completions) {
    if (Files.exists(dir.resolve("CURRENT"))) {
      // Its data would silently vanish from view: refuse rather than start the node empty.
      throw new StoreException(
          nodeName
              + ": "
              + dir
              + " holds a database of the node's own (written by a node"
              + " process); it is not moved into the shared database "
              + shared.directory()
              + ": run this network in process mode, or start from a new directory");
    }
    byte[] prefix = KeyPrefix.of(nodeName);
    Map<String, ColumnFamilyHandle> handles = shared.attach(nodeName, names);
    LOG.debug("{}: opened its key range of the shared database {}", nodeName, shared.directory());
    return new NodeDatabase(
        nodeName,
        shared.directory(),
        shared.rocks(),
        prefix,
        handles,
        () -> shared.detach(nodeName),
        resources,
        completions);
  }

  private static NodeDatabase openOwn(
      String nodeName,
      Path dir,
      Set<String> names,
      StoreResources resources,
      Executor completions) {
    DBOptions dbOptions = resources.newDbOptions();
    ColumnFamilyOptions cfOptions = resources.newColumnFamilyOptions();
    ColumnFamilyOptions pointReadOptions = resources.newPointReadColumnFamilyOptions();
    try {
      Files.createDirectories(dir);
      Set<String> existing = existingColumnFamilies(dir);
      refuseOlderLayout(nodeName, dir, existing);
      names.addAll(existing);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                name.getBytes(StandardCharsets.UTF_8),
                StoreResources.POINT_READ_COLUMN_FAMILIES.contains(name)
                    ? pointReadOptions
                    : cfOptions));
      }
      if (!existing.containsAll(names)) {
        createMissing(dbOptions, dir, descriptors);
      }
      List<ColumnFamilyHandle> handleList = new ArrayList<>();
      RocksDB rocks = RocksDB.open(dbOptions, dir.toString(), descriptors, handleList);
      Map<String, ColumnFamilyHandle> handles = new HashMap<>();
      int i = 0;
      for (String name : names) {
        handles.put(name, handleList.get(i++));
      }
      LOG.debug("{}: opened database {} with column families {}", nodeName, dir, names);
      Runnable release =
          () -> {
            handleList.forEach(ColumnFamilyHandle::close);
            try {
              rocks.closeE();
            } catch (RocksDBException e) {
              LOG.warn("{}: closing database {} failed: {}", nodeName, dir, e.getMessage());
            }
            cfOptions.close();
            pointReadOptions.close();
            dbOptions.close();
          };
      return new NodeDatabase(
          nodeName, dir, rocks, KeyPrefix.none(), handles, release, resources, completions);
    } catch (RocksDBException | IOException | StoreException e) {
      cfOptions.close();
      pointReadOptions.close();
      dbOptions.close();
      throw e instanceof StoreException se
          ? se
          : new StoreException(
              nodeName + ": cannot open database " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The column families of the database in {@code dir}; none when there is no database yet. */
  static Set<String> existingColumnFamilies(Path dir) throws RocksDBException {
    Set<String> existing = new LinkedHashSet<>();
    try (Options probe = new Options()) {
      for (byte[] cf : RocksDB.listColumnFamilies(probe, dir.toString())) {
        existing.add(new String(cf, StandardCharsets.UTF_8));
      }
    }
    return existing;
  }

  /**
   * Refuses a database an older jukinet wrote: opened, its registry would look empty while the rest
   * of the node's state (outbox, ledger, the CS's residents) is there.
   */
  static void refuseOlderLayout(String who, Path dir, Collection<String> existing) {
    List<String> retired =
        existing.stream()
            .filter(StoreResources.RETIRED_COLUMN_FAMILIES::contains)
            .sorted()
            .toList();
    if (!retired.isEmpty()) {
      throw new StoreException(
          who
              + ": the database "
              + dir
              + " was written by an older jukinet (column families "
              + String.join(", ", retired)
              + "); this version cannot read it. Start a new network in another directory, or"
              + " remove this one after `./jukinet down`");
    }
  }

  /**
   * Creates the missing column families in an open that is closed at once: RocksDB keeps one
   * directory handle per column family it created until the database closes, whereas a database
   * opened with existing column families shares one. With every node of a large topology in one
   * JVM, that difference decides whether the nodes fit the process's open-file limit.
   */
  private static void createMissing(
      DBOptions options, Path dir, List<ColumnFamilyDescriptor> descriptors)
      throws RocksDBException {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (RocksDB created = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      handles.forEach(ColumnFamilyHandle::close);
    }
  }

  public String nodeName() {
    return nodeName;
  }

  public Path directory() {
    return dir;
  }

  /** The handle of a column family this database was opened with. */
  ColumnFamilyHandle cf(String name) {
    ColumnFamilyHandle h = handles.get(name);
    if (h == null) {
      throw new IllegalArgumentException(
          nodeName + ": no column family '" + name + "' (opened with " + handles.keySet() + ")");
    }
    return h;
  }

  RocksDB rocks() {
    return rocks;
  }

  /** What this node's keys start with in the RocksDB instance (empty in a database of its own). */
  byte[] keyPrefix() {
    return keyPrefix;
  }

  /** {@code key} as stored: behind this node's prefix. */
  byte[] stored(byte[] key) {
    return KeyPrefix.prefixed(keyPrefix, key);
  }

  public byte[] get(String cf, byte[] key) {
    try {
      return rocks.get(cf(cf), stored(key));
    } catch (RocksDBException e) {
      throw new StoreException(nodeName + ": read failed: " + e.getMessage(), e);
    }
  }

  /** The values of {@code keys} in {@code cf}, in order; null where a key is absent. */
  public List<byte[]> multiGet(String cf, List<byte[]> keys) {
    List<byte[]> stored = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      stored.add(stored(k));
    }
    try {
      return rocks.multiGetAsList(Collections.nCopies(stored.size(), cf(cf)), stored);
    } catch (RocksDBException e) {
      throw new StoreException(nodeName + ": read failed: " + e.getMessage(), e);
    }
  }

  /** An iterator over this node's keys in a column family; the caller closes it. */
  public StoreIterator iterator(String cf) {
    return new StoreIterator(this, cf);
  }

  /** Commits what {@code stager} stages, running it on the writer in commit order. */
  public CompletableFuture<Void> commit(Stager stager) {
    Objects.requireNonNull(stager, "stager");
    return committer.commit(stager);
  }

  /** WAL syncs so far (one per group that wrote something). */
  public long walSyncCount() {
    return committer.walSyncCount();
  }

  /** Batches committed so far. */
  public long commitCount() {
    return committer.commitCount();
  }

  /** Waits for every queued commit, then closes the database (or leaves the shared one). */
  @Override
  public void close() {
    close(false);
  }

  /**
   * What a crash leaves of the database, as far as one JVM can: the commits queued and not yet
   * written fail unwritten (so are never acknowledged) instead of being waited for; the group being
   * written finishes, since RocksDB may not be closed under a write. Then the handles are released,
   * so the database can be opened again in this JVM. Acknowledged commits are durable already: a
   * future completes only after its WAL sync.
   */
  public void abandon() {
    close(true);
  }

  private void close(boolean dropQueued) {
    if (closed.getAndSet(true)) {
      return;
    }
    committer.close(dropQueued);
    release.run();
  }
}
