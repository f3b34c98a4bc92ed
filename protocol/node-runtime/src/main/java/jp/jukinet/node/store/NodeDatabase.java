package jp.jukinet.node.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's RocksDB database (under its data directory) with named column families: opening,
 * column-family handles, reads and close. Every write goes through its {@link GroupCommitter}.
 *
 * <p>Two ways to commit:
 *
 * <ul>
 *   <li>{@link #commit(WriteBatch)}: blind writes staged by the caller.
 *   <li>{@link #commit(Stager)}: the stager runs <i>on the writer</i>, in commit order, with a
 *       {@link Txn}, and sees (through ordinary reads) every transaction committed before it,
 *       because each batch is written before the next stager runs. Read-modify-write state
 *       ({@link IdentityRegistry}, {@link Outbox#append}, {@link InboundLedger#stage}) must be
 *       staged this way; they check {@link Txn#requireStaging}.
 * </ul>
 *
 * <p>A commit's future completes once its batch is durable (it then survives {@code kill -9}).
 * Reads go straight to the database and may observe a batch between its write and its WAL sync;
 * nothing is acknowledged to a peer before its future completed.
 */
public final class NodeDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDatabase.class);

  /** Stages writes into a transaction on the writer thread. Throwing aborts this transaction only. */
  @FunctionalInterface
  public interface Stager {
    void stage(Txn txn) throws Exception;
  }

  private final String nodeName;
  private final Path dir;
  private final RocksDB rocks;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final Map<String, ColumnFamilyHandle> handles;
  private final List<ColumnFamilyHandle> handleList;
  private final GroupCommitter committer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NodeDatabase(String nodeName, Path dir, RocksDB rocks, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
      Map<String, ColumnFamilyHandle> handles, List<ColumnFamilyHandle> handleList, Executor writerExecutor,
      Executor syncExecutor, Executor completions) {
    this.nodeName = nodeName;
    this.dir = dir;
    this.rocks = rocks;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.handles = handles;
    this.handleList = handleList;
    this.committer = new GroupCommitter(this, writerExecutor, syncExecutor, completions);
  }

  /**
   * Opens (or creates) the database in {@code dir} with the given column families (created when
   * missing; column families already in the database but not listed are opened too).
   *
   * @param completions where commit futures complete (e.g. the node's business executor)
   */
  public static NodeDatabase open(String nodeName, Path dir, Collection<String> columnFamilies,
      StoreResources resources, Executor completions) {
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
    DBOptions dbOptions = resources.newDbOptions();
    ColumnFamilyOptions cfOptions = resources.newColumnFamilyOptions();
    try {
      Files.createDirectories(dir);
      Set<String> existing = new LinkedHashSet<>();
      try (Options probe = new Options()) {
        for (byte[] cf : RocksDB.listColumnFamilies(probe, dir.toString())) {
          existing.add(new String(cf, StandardCharsets.UTF_8));
        }
      }
      names.addAll(existing);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
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
      return new NodeDatabase(nodeName, dir, rocks, dbOptions, cfOptions, handles, handleList,
          resources.writerExecutor(), resources.syncExecutor(), completions);
    } catch (RocksDBException | IOException e) {
      cfOptions.close();
      dbOptions.close();
      throw new StoreException(nodeName + ": cannot open database " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the missing column families in an open that is closed at once: RocksDB keeps one
   * directory handle per column family it created until the database closes, whereas a database
   * opened with existing column families shares one. With every node of a large topology in one
   * JVM, that difference decides whether the nodes fit the process's open-file limit.
   */
  private static void createMissing(DBOptions options, Path dir, List<ColumnFamilyDescriptor> descriptors)
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
  public ColumnFamilyHandle cf(String name) {
    ColumnFamilyHandle h = handles.get(name);
    if (h == null) {
      throw new IllegalArgumentException(
          nodeName + ": no column family '" + name + "' (opened with " + handles.keySet() + ")");
    }
    return h;
  }

  /** The RocksDB instance, for reads. Write only through {@link #commit}. */
  public RocksDB rocks() {
    return rocks;
  }

  public byte[] get(String cf, byte[] key) {
    try {
      return rocks.get(cf(cf), key);
    } catch (RocksDBException e) {
      throw new StoreException(nodeName + ": read failed: " + e.getMessage(), e);
    }
  }

  /** An iterator over a column family; the caller closes it. */
  public RocksIterator iterator(String cf) {
    return rocks.newIterator(cf(cf));
  }

  /** Commits a batch staged by the caller; the database closes the batch after writing it. */
  public CompletableFuture<Void> commit(WriteBatch batch) {
    Objects.requireNonNull(batch, "batch");
    return committer.commit(batch);
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

  /** Waits for every queued commit, then closes the database. */
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
    for (ColumnFamilyHandle h : handleList) {
      h.close();
    }
    try {
      rocks.closeE();
    } catch (RocksDBException e) {
      LOG.warn("{}: closing database {} failed: {}", nodeName, dir, e.getMessage());
    }
    cfOptions.close();
    dbOptions.close();
  }
}
