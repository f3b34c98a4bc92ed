package jp.jukinet.node.store;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One transaction on a {@link NodeDatabase}: the {@link WriteBatch} a stager fills on the writer
 * thread, what to do once it is durable ({@link #onCommitted}) or once it is known not to be
 * ({@link #onAborted}), and typed per-transaction state ({@link #attachment}) that components keep
 * while they stage into it and that dies with it.
 *
 * <p>A transaction exists only inside {@link NodeDatabase#commit(NodeDatabase.Stager)}: it is
 * created on the writer, staged by one stager, and closed for staging when that stager returns.
 * Callbacks run on the writer in commit order and must be quick; {@link #onAborted} callbacks of a
 * stager that threw run before the next stager starts, so they can undo in-memory state.
 */
public class Txn {
  /** A typed slot of per-transaction state, created on first use by {@code initial}. */
  public static final class Key<T> {
    private final String name;
    private final Function<Txn, T> initial;

    private Key(String name, Function<Txn, T> initial) {
      this.name = Objects.requireNonNull(name, "name");
      this.initial = Objects.requireNonNull(initial, "initial");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A new slot; keys compare by identity, so a component makes one per instance. {@code initial}
   * may register callbacks on the transaction it is given.
   */
  public static <T> Key<T> key(String name, Function<Txn, T> initial) {
    return new Key<>(name, initial);
  }

  private final State state;

  Txn(NodeDatabase db, WriteBatch batch) {
    this.state = new State(db, batch);
  }

  /** A view of {@code base} (same batch, callbacks and attachments) for a node's own extension. */
  protected Txn(Txn base) {
    this.state = base.state;
  }

  /** Stages a put into {@code cf}. */
  public void put(String cf, byte[] key, byte[] value) {
    try {
      state.batch.put(state.db.cf(cf), state.db.stored(key), value);
    } catch (RocksDBException e) {
      throw new StoreException(
          state.db.nodeName() + ": staging a put into " + cf + " failed: " + e.getMessage(), e);
    }
  }

  /** Stages a delete from {@code cf}. */
  public void delete(String cf, byte[] key) {
    try {
      state.batch.delete(state.db.cf(cf), state.db.stored(key));
    } catch (RocksDBException e) {
      throw new StoreException(
          state.db.nodeName() + ": staging a delete from " + cf + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code callback} on the writer once the stager has returned, while the transaction is
   * still being staged, before the batch is written (not when the stager threw): for keys a
   * component rewrites with every change, such as a count or a high-water mark, staged once per
   * transaction with their final value instead of once per change (each staged put is a memtable
   * insert, even of the same key).
   */
  public void beforeWrite(Runnable callback) {
    requireStaging("Txn.beforeWrite");
    state.beforeWrite.add(Objects.requireNonNull(callback, "callback"));
  }

  /** Runs {@code callback} on the writer once the batch is durable. */
  public void onCommitted(Runnable callback) {
    requireStaging("Txn.onCommitted");
    state.committed.add(Objects.requireNonNull(callback, "callback"));
  }

  /**
   * Runs {@code callback} on the writer once the batch is durable, after the {@link #onCommitted}
   * callbacks of every transaction of its group; one callback (the same object) registered by
   * several transactions of a group runs once. For wake-ups: a sender woken once per group sends
   * what the whole group appended, instead of starting on the first transaction's few entries.
   */
  public void afterGroupCommitted(Runnable callback) {
    requireStaging("Txn.afterGroupCommitted");
    Objects.requireNonNull(callback, "callback");
    if (state.afterGroup == null) {
      state.afterGroup = new ArrayList<>(1);
    }
    state.afterGroup.add(callback);
  }

  /**
   * Runs {@code callback} on the writer if the batch was not written, or its durability is unknown.
   */
  public void onAborted(Consumer<Throwable> callback) {
    requireStaging("Txn.onAborted");
    state.aborted.add(Objects.requireNonNull(callback, "callback"));
  }

  /** This transaction's state in slot {@code key}, created on first use. */
  public <T> T attachment(Key<T> key) {
    requireStaging("Txn.attachment(" + key + ")");
    @SuppressWarnings("unchecked")
    T value = (T) state.attachments.get(key);
    if (value == null) {
      value = Objects.requireNonNull(key.initial.apply(this), key.name);
      state.attachments.put(key, value);
    }
    return value;
  }

  /** Throws unless this transaction is being staged (on the writer, by its stager). */
  public void requireStaging(String what) {
    if (!state.staging || Thread.currentThread() != state.writer) {
      throw new IllegalStateException(
          state.db.nodeName()
              + ": "
              + what
              + " must be staged inside NodeDatabase.commit(Stager), on the writer, so that it sees every earlier change");
    }
  }

  // --- the group committer's side ---------------------------------------------------------------

  void beginStaging() {
    state.writer = Thread.currentThread();
    state.staging = true;
  }

  /** Runs the {@link #beforeWrite} callbacks, in registration order (they may register more). */
  void finishStaging() {
    for (int i = 0; i < state.beforeWrite.size(); i++) {
      state.beforeWrite.get(i).run();
    }
    state.beforeWrite.clear();
  }

  void endStaging() {
    state.beforeWrite.clear();
    state.staging = false;
    state.attachments.clear();
  }

  /**
   * Runs the {@link #onCommitted} callbacks and adds the {@link #afterGroupCommitted} ones to
   * {@code afterGroup} unless there already (by identity), for the committer to run after the
   * group.
   */
  void committed(Consumer<RuntimeException> onCallbackFailure, List<Runnable> afterGroup) {
    for (Runnable r : state.committed) {
      try {
        r.run();
      } catch (RuntimeException e) {
        onCallbackFailure.accept(e);
      }
    }
    if (state.afterGroup != null) {
      for (Runnable r : state.afterGroup) {
        if (!containsSame(afterGroup, r)) {
          afterGroup.add(r);
        }
      }
    }
    clearCallbacks();
  }

  private static boolean containsSame(List<Runnable> list, Runnable r) {
    for (Runnable x : list) {
      if (x == r) {
        return true;
      }
    }
    return false;
  }

  void aborted(Throwable cause, Consumer<RuntimeException> onCallbackFailure) {
    for (Consumer<Throwable> c : state.aborted) {
      try {
        c.accept(cause);
      } catch (RuntimeException e) {
        onCallbackFailure.accept(e);
      }
    }
    clearCallbacks();
  }

  private void clearCallbacks() {
    state.committed.clear();
    state.aborted.clear();
    state.afterGroup = null;
  }

  /** Shared by a transaction and its views. */
  private static final class State {
    final NodeDatabase db;
    final WriteBatch batch;
    final List<Runnable> beforeWrite = new ArrayList<>(2);
    final List<Runnable> committed = new ArrayList<>(2);
    final List<Consumer<Throwable>> aborted = new ArrayList<>(2);
    final Map<Key<?>, Object> attachments = new IdentityHashMap<>(4);
    List<Runnable> afterGroup;
    Thread writer;
    boolean staging;

    State(NodeDatabase db, WriteBatch batch) {
      this.db = db;
      this.batch = batch;
    }
  }
}
