package jp.jukinet.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.proto.IdentityChange;

/**
 * Durable queue of outgoing 変更情報. A change is appended in the same batch as the state change that
 * caused it (one atomic write); entries keep their local append order (a position), and leave the
 * queue when the upstream node acknowledges them cumulatively per source municipality (a prefecture
 * server's outbox holds the changes of all its municipalities).
 *
 * <p>An entry becomes visible to {@link #unacked} only once its transaction is durable, so nothing
 * is sent upstream that a crash could take back; then the outbox tells its listener ({@link
 * #onDurable}), which is how its sender learns there is something to send. An in-memory index of
 * the unacknowledged entries (position, source, sequence, append time) is rebuilt from the database
 * on open.
 */
public final class Outbox {
  public static final String CF = "outbox";
  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  /** One unacknowledged change and its place in the queue. */
  public record Entry(long position, IdentityChange change, long appendedMillis) {}

  private record Meta(String source, long sequence, long appendedMillis) {}

  private final NodeDatabase db;
  private final Clock clock;
  private final ConcurrentSkipListMap<Long, Meta> byPosition = new ConcurrentSkipListMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, Long>> bySource = new ConcurrentHashMap<>();
  private final AtomicLong nextPosition;
  private volatile Runnable listener = () -> {};
  // One object, so that the transactions of a group announce their entries once, together.
  private final Runnable announce = () -> listener.run();
  // Entries one transaction appended, indexed once it is durable and announced after its group.
  private final Txn.Key<List<Runnable>> appendedInTxn =
      Txn.key(
          "outbox",
          txn -> {
            List<Runnable> toIndex = new ArrayList<>(2);
            txn.onCommitted(() -> toIndex.forEach(Runnable::run));
            txn.afterGroupCommitted(announce);
            return toIndex;
          });

  public Outbox(NodeDatabase db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    long last = 0;
    try (StoreIterator it = db.iterator(CF)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long position = Keys.readU64(it.key(), 0);
        Entry e = decode(position, it.value());
        index(
            position,
            e.change().getSourceMunicipality(),
            e.change().getSequence(),
            e.appendedMillis());
        last = position;
      }
    }
    this.nextPosition = new AtomicLong(last + 1);
  }

  /**
   * Stages the change at the end of the queue; call inside {@link
   * NodeDatabase#commit(NodeDatabase.Stager)}.
   */
  public void append(Txn txn, IdentityChange change) {
    append(txn, change, null);
  }

  /**
   * As {@link #append(Txn, IdentityChange)}, with {@code encoded} the change's bytes if known
   * (null: encode here).
   */
  public void append(Txn txn, IdentityChange change, byte[] encoded) {
    txn.requireStaging("Outbox.append");
    if (change.getSourceMunicipality().isBlank() || change.getSequence() < 1) {
      throw new IllegalArgumentException(
          "outbox change "
              + change.getSourceMunicipality()
              + "#"
              + change.getSequence()
              + " needs a source municipality and a sequence of at least 1");
    }
    long position = nextPosition.getAndIncrement();
    long now = clock.millis();
    byte[] change8 = encoded != null ? encoded : change.toByteArray();
    byte[] value = Arrays.copyOf(Keys.longValue(now), 8 + change8.length);
    System.arraycopy(change8, 0, value, 8, change8.length);
    txn.put(CF, Keys.longValue(position), value);
    String source = change.getSourceMunicipality();
    long seq = change.getSequence();
    txn.attachment(appendedInTxn).add(() -> index(position, source, seq, now));
  }

  /**
   * Sets the one listener told, on the database writer (so it must be quick), once per group commit
   * whose appended entries have just become durable and so visible to {@link #unacked}.
   */
  public void onDurable(Runnable listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Up to {@code max} unacknowledged entries, oldest first. */
  public List<Entry> unacked(int max) {
    return unackedAfter(0, max);
  }

  /**
   * Up to {@code max} unacknowledged entries with a position after {@code afterPosition}, in order.
   */
  public List<Entry> unackedAfter(long afterPosition, int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    List<Long> positions = new ArrayList<>(Math.min(max, 1024));
    for (Long p : byPosition.tailMap(afterPosition, false).keySet()) {
      if (positions.size() >= max) {
        break;
      }
      positions.add(p);
    }
    if (positions.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(positions.size());
    for (Long p : positions) {
      keys.add(Keys.longValue(p));
    }
    List<byte[]> values = db.multiGet(CF, keys);
    List<Entry> out = new ArrayList<>(positions.size());
    for (int i = 0; i < positions.size(); i++) {
      // Null: acknowledged (and deleted) while we read.
      if (values.get(i) != null && byPosition.containsKey(positions.get(i))) {
        out.add(decode(positions.get(i), values.get(i)));
      }
    }
    return out;
  }

  /**
   * Removes every entry of {@code sourceMunicipality} with a sequence up to {@code
   * throughSequence}. The entries leave {@link #unacked} at once; the deletion is committed in the
   * background (if it is lost in a crash, the entries are resent and the receiver skips them).
   */
  public CompletableFuture<Void> ack(String sourceMunicipality, long throughSequence) {
    ConcurrentSkipListMap<Long, Long> seqs = bySource.get(sourceMunicipality);
    if (seqs == null) {
      return CompletableFuture.completedFuture(null);
    }
    NavigableMap<Long, Long> done = seqs.headMap(throughSequence, true);
    if (done.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<byte[]> removed = new ArrayList<>();
    for (Map.Entry<Long, Long> e : new ArrayList<>(done.entrySet())) {
      if (seqs.remove(e.getKey(), e.getValue()) && byPosition.remove(e.getValue()) != null) {
        removed.add(Keys.longValue(e.getValue()));
      }
    }
    return db.commit(txn -> removed.forEach(k -> txn.delete(CF, k)));
  }

  public long size() {
    return byPosition.size();
  }

  /** When the oldest unacknowledged entry was appended; empty when none is. */
  public OptionalLong oldestUnackedMillis() {
    Map.Entry<Long, Meta> first = byPosition.firstEntry();
    return first == null
        ? OptionalLong.empty()
        : OptionalLong.of(first.getValue().appendedMillis());
  }

  private void index(long position, String source, long sequence, long appendedMillis) {
    byPosition.put(position, new Meta(source, sequence, appendedMillis));
    bySource.computeIfAbsent(source, s -> new ConcurrentSkipListMap<>()).put(sequence, position);
  }

  private Entry decode(long position, byte[] value) {
    try {
      return new Entry(
          position,
          IdentityChange.parseFrom(Arrays.copyOfRange(value, 8, value.length)),
          Keys.readU64(value, 0));
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(
          db.nodeName() + ": unreadable outbox entry " + position + ": " + e.getMessage(), e);
    }
  }
}
