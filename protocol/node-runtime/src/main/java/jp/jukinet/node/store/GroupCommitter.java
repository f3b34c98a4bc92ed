package jp.jukinet.node.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group committer of one {@link NodeDatabase}: commits are queued; a single writer at a time
 * (one of the {@link StoreResources} writer threads) drains everything queued and writes each batch
 * without syncing; the whole group is then made durable with <b>one</b> WAL sync, and only then are
 * its transactions' callbacks run (on the writer, in commit order) and its futures completed, on
 * the injected completion executor (never on the writer). A future that completed therefore
 * survives {@code kill -9}.
 *
 * <pre>
 *  callers            writer thread (one at a time)          sync thread        completions
 *  ───────            ─────────────────────────────          ───────────        ───────────
 *  commit(stager) ─▶ queue
 *                      │
 *                      ▼
 *               ┌─ drainOneGroup ──────────────────┐
 *               │ 1. finish synced groups, in      │◀─ synced ◀─┐
 *               │    order: txn.onCommitted (or    │            │
 *               │    onAborted), then once per     │            │
 *               │    group afterGroupCommitted ────┼────────────┼─────────────▶ futures
 *               │ 2. take up to 4096 pendings;     │            │               complete
 *               │    per txn: stage, write without │            │
 *               │    sync (a stager that throws:   │            │
 *               │    nothing written, onAborted    │            │
 *               │    at once)                      │            │
 *               └──────────────┬───────────────────┘            │
 *                              ▼                                │
 *                          unsynced ─▶ syncLoop: ONE WAL sync ──┘
 *                                      for every group written so far
 *                                      (failure: poisoned, all later commits fail)
 * </pre>
 *
 * <p>The WAL sync runs on a {@link StoreResources} sync thread, so the writer stages and writes the
 * next group while the previous one is being synced (a pipeline of two: groups written during a
 * sync are covered by the next one). Groups complete strictly in commit order. A failed WAL sync
 * poisons the committer: the data is written but not known durable, so nothing more is committed or
 * acknowledged. {@link #close} queues a barrier and waits for everything before it.
 */
final class GroupCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final int MAX_GROUP = 4096;

  private final NodeDatabase db;
  private final String nodeName;
  private final Path dir;
  private final RocksDB rocks;
  private final WriteOptions noSync = new WriteOptions().setSync(false);
  private final Executor writerExecutor;
  private final Executor syncExecutor;
  private final Executor completions;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  // Groups written, waiting for a WAL sync (guarded by syncLock), and groups synced (or failed),
  // waiting for the writer to run their callbacks and complete them, in commit order.
  private final Object syncLock = new Object();
  private final List<Group> unsynced = new ArrayList<>();
  private boolean syncing;
  private final ConcurrentLinkedQueue<Group> synced = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
  private final AtomicLong walSyncs = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private volatile Throwable poisoned;
  private boolean closed;

  GroupCommitter(
      NodeDatabase db, Executor writerExecutor, Executor syncExecutor, Executor completions) {
    this.db = Objects.requireNonNull(db, "db");
    this.nodeName = db.nodeName();
    this.dir = db.directory();
    this.rocks = db.rocks();
    this.writerExecutor = Objects.requireNonNull(writerExecutor, "writerExecutor");
    this.syncExecutor = Objects.requireNonNull(syncExecutor, "syncExecutor");
    this.completions = Objects.requireNonNull(completions, "completions");
  }

  CompletableFuture<Void> commit(NodeDatabase.Stager stager) {
    return enqueue(new Pending(stager, false));
  }

  long walSyncCount() {
    return walSyncs.get();
  }

  long commitCount() {
    return commits.get();
  }

  private CompletableFuture<Void> enqueue(Pending p) {
    closeLock.readLock().lock();
    try {
      if (closed && !p.barrier) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(nodeName + ": database " + dir + " is closed"));
      }
      Throwable bad = poisoned;
      if (bad != null) {
        return CompletableFuture.failedFuture(
            new StoreException(
                nodeName + ": database " + dir + " failed earlier: " + bad.getMessage(), bad));
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
          p.future.completeExceptionally(
              new IllegalStateException(nodeName + ": store writers are shut down"));
        }
      }
    }
  }

  /** Drains one group, then yields the writer thread to other databases. */
  private void drainOneGroup() {
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
      WriteBatch batch = new WriteBatch();
      Txn txn = new Txn(db, batch);
      p.txn = txn;
      try {
        if (poisoned != null) {
          throw new StoreException(
              nodeName + ": database failed earlier: " + poisoned.getMessage(), poisoned);
        }
        if (p.stager != null) {
          txn.beginStaging();
          try {
            p.stager.stage(txn);
            txn.finishStaging();
          } finally {
            txn.endStaging();
          }
        }
        if (batch.count() > 0) {
          rocks.write(noSync, batch);
          wrote = true;
        }
      } catch (Throwable e) {
        p.failure = e;
        // Immediately, so that the next stager sees state without this transaction.
        txn.aborted(e, this::callbackFailed);
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
   * On a sync thread: one WAL sync for every group written so far; then yields the thread to other
   * databases (resubmitting itself when more groups were written meanwhile).
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
        LOG.error(
            "{}: WAL sync failed in {}, refusing further commits: {}",
            nodeName,
            dir,
            e.getMessage());
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
    List<Runnable> afterGroup = new ArrayList<>(2);
    for (Pending p : g.pendings) {
      if (p.failure == null && !p.barrier && g.syncFailure != null) {
        p.failure =
            new StoreException(
                nodeName + ": WAL sync failed: " + g.syncFailure.getMessage(), g.syncFailure);
        p.txn.aborted(p.failure, this::callbackFailed);
      }
      if (p.failure == null && p.txn != null) {
        p.txn.committed(this::callbackFailed, afterGroup);
      }
      if (p.failure == null && !p.barrier) {
        commits.incrementAndGet();
      }
    }
    for (Runnable r : afterGroup) {
      try {
        r.run();
      } catch (RuntimeException e) {
        callbackFailed(e);
      }
    }
    List<Pending> group = g.pendings;
    completions.execute(
        () -> {
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

  private void callbackFailed(RuntimeException e) {
    LOG.error("{}: transaction callback failed: {}", nodeName, e.toString(), e);
  }

  /**
   * Refuses new commits, then waits (at most a minute) for every commit queued before; with {@code
   * dropQueued}, the commits not yet taken by the writer fail unwritten instead.
   */
  void close(boolean dropQueued) {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (dropQueued) {
        for (Pending p; (p = queue.poll()) != null; ) {
          p.future.completeExceptionally(
              new IllegalStateException(nodeName + ": database " + dir + " abandoned"));
        }
      }
    } finally {
      closeLock.writeLock().unlock();
    }
    Pending barrier = new Pending(null, true);
    queue.add(barrier);
    schedule();
    try {
      barrier.future.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("{}: pending commits did not finish before close: {}", nodeName, e.toString());
    }
    noSync.close();
  }

  private static final class Pending {
    final NodeDatabase.Stager stager;
    final boolean barrier;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    Throwable failure;
    Txn txn;

    Pending(NodeDatabase.Stager stager, boolean barrier) {
      this.stager = stager;
      this.barrier = barrier;
    }
  }
}
