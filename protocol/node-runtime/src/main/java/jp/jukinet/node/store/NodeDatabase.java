package jp.jukinet.node.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's RocksDB database (under its data directory) with named column families, and a
 * <b>group committer</b>.
 *
 * <p>Commits are queued; a single writer at a time (one of the {@link StoreResources} writer
 * threads) drains everything queued and writes each batch without syncing; the whole group is
 * then made durable with <b>one</b> WAL sync, and only then are its listeners told (on the
 * writer, in commit order) and its futures completed, on the injected completion executor (never
 * on the writer). A future that completed therefore survives {@code kill -9}.
 *
 * <p>The WAL sync runs on a {@link StoreResources} sync thread, so the writer stages and writes
 * the next group while the previous one is being synced (a pipeline of two: groups written
 * during a sync are covered by the next one). Groups complete strictly in commit order.
 *
 * <p>Two ways to commit:
 *
 * <ul>
 *   <li>{@link #commit(WriteBatch)}: blind writes staged by the caller.
 *   <li>{@link #commit(Stager)}: the stager runs <i>on the writer</i>, in commit order, and sees
 *       (through ordinary reads) every batch committed before it, because each batch is written
 *       before the next stager runs. Read-modify-write state ({@link IdentityRegistry},
 *       {@link Outbox#append}, {@link InboundLedger#stage}) must be staged this way; they check
 *       {@link #requireWriter}.
 * </ul>
 *
 * <p>Reads go straight to the database and may observe a batch between its write and its WAL
 * sync; nothing is acknowledged to a peer before its future completed.
 */
public final class NodeDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDatabase.class);
  private static final int MAX_GROUP = 4096;

  /** Stages writes into a batch on the writer thread. Throwing aborts this batch only. */
  @FunctionalInterface
  public interface Stager {
    void stage(WriteBatch batch) throws Exception;
  }

  /** Told on the writer thread what became of a batch; must be quick and must not block. */
  public interface CommitListener {
    /** The batch is durable. */
    void committed();

    /** The batch was not written (stager or write failed), or its durability is unknown. */
    default void failed(Throwable cause) {}
  }

  private final String nodeName;
  private final Path dir;
  private final RocksDB rocks;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions noSync;
  private final Map<String, ColumnFamilyHandle> handles;
  private final List<ColumnFamilyHandle> handleList;
  private final Executor writerExecutor;
  private final Executor syncExecutor;
  private final Executor completions;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  // Groups written, waiting for a WAL sync (guarded by syncLock), and groups synced (or failed),
  // waiting for the writer to tell their listeners and complete them, in commit order.
  private final Object syncLock = new Object();
  private final List<Group> unsynced = new ArrayList<>();
  private boolean syncing;
  private final ConcurrentLinkedQueue<Group> synced = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
  private final Map<WriteBatch, List<CommitListener>> listeners = new IdentityHashMap<>();
  private final AtomicLong walSyncs = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private volatile Thread writerThread;
  private volatile Throwable poisoned;
  private boolean closed;

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
    this.writerExecutor = writerExecutor;
    this.syncExecutor = syncExecutor;
    this.completions = completions;
    this.noSync = new WriteOptions().setSync(false);
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
      try (Options probe = new Options()) {
        for (byte[] existing : RocksDB.listColumnFamilies(probe, dir.toString())) {
          names.add(new String(existing, StandardCharsets.UTF_8));
        }
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
      }
      List<ColumnFamilyHandle> handleList = new ArrayList<>();
      RocksDB rocks = RocksDB.open(dbOptions, dir.toString(), descriptors, handleList);
      Map<String, ColumnFamilyHandle> handles = new java.util.HashMap<>();
      int i = 0;
      for (String name : names) {
        handles.put(name, handleList.get(i++));
      }
      LOG.debug("{}: opened database {} with column families {}", nodeName, dir, names);
      return new NodeDatabase(nodeName, dir, rocks, dbOptions, cfOptions, handles, handleList,
          resources.writerExecutor(), resources.syncExecutor(), completions);
    } catch (RocksDBException | java.io.IOException e) {
      cfOptions.close();
      dbOptions.close();
      throw new StoreException(nodeName + ": cannot open database " + dir + ": " + e.getMessage(), e);
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
    return enqueue(new Pending(batch, null, false));
  }

  /** Commits what {@code stager} stages, running it on the writer in commit order. */
  public CompletableFuture<Void> commit(Stager stager) {
    Objects.requireNonNull(stager, "stager");
    return enqueue(new Pending(null, stager, false));
  }

  /**
   * Registers a listener for the fate of {@code batch} (which must later be, or be being,
   * committed here). Listeners run on the writer in commit order.
   */
  public void onCommit(WriteBatch batch, CommitListener listener) {
    synchronized (listeners) {
      listeners.computeIfAbsent(batch, b -> new ArrayList<>(2)).add(listener);
    }
  }

  /** Throws unless called by a stager running on this database's writer. */
  public void requireWriter(String what) {
    if (Thread.currentThread() != writerThread) {
      throw new IllegalStateException(nodeName + ": " + what
          + " must be staged inside NodeDatabase.commit(Stager), on the writer, so that it sees every earlier change");
    }
  }

  /** True when called from a stager of this database. */
  public boolean onWriter() {
    return Thread.currentThread() == writerThread;
  }

  /** WAL syncs so far (one per group that wrote something). */
  public long walSyncCount() {
    return walSyncs.get();
  }

  /** Batches committed so far. */
  public long commitCount() {
    return commits.get();
  }

  private CompletableFuture<Void> enqueue(Pending p) {
    closeLock.readLock().lock();
    try {
      if (closed && !p.barrier) {
        p.batchClose();
        return CompletableFuture.failedFuture(new IllegalStateException(nodeName + ": database " + dir + " is closed"));
      }
      Throwable bad = poisoned;
      if (bad != null) {
        p.batchClose();
        return CompletableFuture.failedFuture(
            new StoreException(nodeName + ": database " + dir + " failed earlier: " + bad.getMessage(), bad));
      }
      queue.add(p);
    } finally {
      closeLock.readLock().unlock();
    }
    schedule();
    return p.future;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        writerExecutor.execute(this::drainOneGroup);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        Pending p;
        while ((p = queue.poll()) != null) {
          p.batchClose();
          p.future.completeExceptionally(new IllegalStateException(nodeName + ": store writers are shut down"));
        }
      }
    }
  }

  /** Drains one group, then yields the writer thread to other databases. */
  private void drainOneGroup() {
    writerThread = Thread.currentThread();
    try {
      // First what became durable, so the listeners run before the stagers of later groups
      // (except the one group that was staged while the sync ran).
      for (Group g; (g = synced.poll()) != null; ) {
        finishGroup(g);
      }
      List<Pending> group = new ArrayList<>();
      Pending p;
      while (group.size() < MAX_GROUP && (p = queue.poll()) != null) {
        group.add(p);
      }
      if (!group.isEmpty()) {
        runGroup(group);
      }
    } finally {
      writerThread = null;
      scheduled.set(false);
      if (!queue.isEmpty() || !synced.isEmpty()) {
        schedule();
      }
    }
  }

  private void runGroup(List<Pending> group) {
    boolean wrote = false;
    for (Pending p : group) {
      if (p.barrier) {
        continue;
      }
      WriteBatch batch = p.batch != null ? p.batch : new WriteBatch();
      try {
        if (poisoned != null) {
          throw new StoreException(nodeName + ": database failed earlier: " + poisoned.getMessage(), poisoned);
        }
        if (p.stager != null) {
          p.stager.stage(batch);
        }
        if (batch.count() > 0) {
          rocks.write(noSync, batch);
          wrote = true;
        }
        p.listeners = takeListeners(batch);
      } catch (Throwable e) {
        p.failure = e;
        // Immediately, so that the next stager sees state without this batch.
        fireFailed(takeListeners(batch), e);
      } finally {
        batch.close();
      }
    }
    Group g = new Group(group, wrote);
    boolean start;
    synchronized (syncLock) {
      unsynced.add(g);
      start = !syncing;
      syncing = true;
    }
    if (start) {
      startSync();
    }
  }

  private void startSync() {
    try {
      syncExecutor.execute(this::syncLoop);
    } catch (RejectedExecutionException e) {
      syncLoop(); // the sync threads are shut down: sync here rather than never
    }
  }

  /**
   * On a sync thread: one WAL sync for every group written so far; then yields the thread to
   * other databases (resubmitting itself when more groups were written meanwhile).
   */
  private void syncLoop() {
    List<Group> take;
    synchronized (syncLock) {
      take = new ArrayList<>(unsynced);
      unsynced.clear();
    }
    boolean anyWrote = false;
    for (Group g : take) {
      anyWrote |= g.wrote;
    }
    Throwable syncFailure = poisoned;
    if (anyWrote && syncFailure == null) {
      try {
        rocks.syncWal();
        walSyncs.incrementAndGet();
      } catch (RocksDBException e) {
        // Written but not known durable: nothing more may be acknowledged from this database.
        poisoned = e;
        syncFailure = e;
        LOG.error("{}: WAL sync failed in {}, refusing further commits: {}", nodeName, dir, e.getMessage());
      }
    }
    for (Group g : take) {
      if (g.wrote && syncFailure != null) {
        g.syncFailure = syncFailure;
      }
      synced.add(g);
    }
    schedule();
    boolean again;
    synchronized (syncLock) {
      again = !unsynced.isEmpty();
      syncing = again;
    }
    if (again) {
      startSync();
    }
  }

  /** On the writer: tells the group's listeners and completes its futures. */
  private void finishGroup(Group g) {
    for (Pending p : g.pendings) {
      if (p.failure == null && !p.barrier && g.syncFailure != null) {
        p.failure = new StoreException(nodeName + ": WAL sync failed: " + g.syncFailure.getMessage(), g.syncFailure);
        fireFailed(p.listeners, p.failure);
        p.listeners = null;
      }
      if (p.failure == null && p.listeners != null) {
        for (CommitListener l : p.listeners) {
          try {
            l.committed();
          } catch (RuntimeException e) {
            LOG.error("{}: commit listener failed: {}", nodeName, e.toString(), e);
          }
        }
      }
      if (p.failure == null && !p.barrier) {
        commits.incrementAndGet();
      }
    }
    List<Pending> group = g.pendings;
    completions.execute(() -> {
      for (Pending p : group) {
        if (p.failure == null) {
          p.future.complete(null);
        } else {
          p.future.completeExceptionally(p.failure);
        }
      }
    });
  }

  /** One drained group on its way to durability. */
  private static final class Group {
    final List<Pending> pendings;
    final boolean wrote;
    Throwable syncFailure;

    Group(List<Pending> pendings, boolean wrote) {
      this.pendings = pendings;
      this.wrote = wrote;
    }
  }

  private List<CommitListener> takeListeners(WriteBatch batch) {
    synchronized (listeners) {
      return listeners.remove(batch);
    }
  }

  private void fireFailed(List<CommitListener> ls, Throwable e) {
    if (ls == null) {
      return;
    }
    for (CommitListener l : ls) {
      try {
        l.failed(e);
      } catch (RuntimeException x) {
        LOG.error("{}: commit listener failed: {}", nodeName, x.toString(), x);
      }
    }
  }

  /** Waits for every queued commit, then closes the database. */
  @Override
  public void close() {
    close(false);
  }

  /**
   * What a crash leaves of the group committer, as far as one JVM can: the commits queued and not
   * yet written fail unwritten (so are never acknowledged) instead of being waited for; the group
   * being written finishes, since RocksDB may not be closed under a write. Then the handles are
   * released, so the database can be opened again in this JVM. Acknowledged commits are durable
   * already: a future completes only after its WAL sync.
   */
  public void abandon() {
    close(true);
  }

  private void close(boolean dropQueued) {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (dropQueued) {
        for (Pending p; (p = queue.poll()) != null; ) {
          p.batchClose();
          p.future.completeExceptionally(new IllegalStateException(nodeName + ": database " + dir + " abandoned"));
        }
      }
    } finally {
      closeLock.writeLock().unlock();
    }
    Pending barrier = new Pending(null, null, true);
    queue.add(barrier);
    schedule();
    try {
      barrier.future.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("{}: pending commits did not finish before close: {}", nodeName, e.toString());
    }
    for (ColumnFamilyHandle h : handleList) {
      h.close();
    }
    try {
      rocks.closeE();
    } catch (RocksDBException e) {
      LOG.warn("{}: closing database {} failed: {}", nodeName, dir, e.getMessage());
    }
    noSync.close();
    cfOptions.close();
    dbOptions.close();
  }

  private static final class Pending {
    final WriteBatch batch;
    final Stager stager;
    final boolean barrier;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    Throwable failure;
    List<CommitListener> listeners;

    Pending(WriteBatch batch, Stager stager, boolean barrier) {
      this.batch = batch;
      this.stager = stager;
      this.barrier = barrier;
    }

    void batchClose() {
      if (batch != null) {
        batch.close();
      }
    }
  }
}
