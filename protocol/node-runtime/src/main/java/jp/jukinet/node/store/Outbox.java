package jp.jukinet.node.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * #onDurable}), which is how its sender learns there is something to send.
 *
 * <p>The entries themselves are read from the database, so the memory the outbox takes does not
 * grow with its backlog (a prefecture server's can reach a whole prefecture while the national
 * server catches up): it keeps the highest durable position, each source's acknowledged sequence,
 * and runs of consecutive unacknowledged sequences per source ({@link SourceRuns}) for {@link
 * #size}. An acknowledged entry is skipped at once and deleted in the background, from the head of
 * the queue up to the first entry still unacknowledged.
 */
public final class Outbox {
  public static final String CF = "outbox";
  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  /** One unacknowledged change and its place in the queue. */
  public record Entry(long position, IdentityChange change, long appendedMillis) {}

  // Key prefix of each source's acknowledged sequence, after every position: the entries an ack
  // covers may be deleted only later, and must not be resent after a restart.
  private static final byte[] ACKED = Keys.longValue(Long.MAX_VALUE);

  /** A change appended in a transaction, indexed once that transaction is durable. */
  private record Appended(long position, String source, long sequence) {}

  private final NodeDatabase db;
  private final Clock clock;
  private final Object lock = new Object();
  private final SourceRuns runs = new SourceRuns(); // guarded by lock
  private long size; // guarded by lock
  private final ConcurrentHashMap<String, Long> ackedThrough = new ConcurrentHashMap<>();
  private final AtomicLong nextPosition;
  // Positions up to this one are durable (transactions commit in position order); later ones may
  // be written but not yet synced, or being staged.
  private volatile long durableThrough;
  // Positions below this one were deleted (or are being): readers seek from here.
  private volatile long head;
  private final Object trimLock = new Object();
  private volatile Runnable listener = () -> {};
  // One object, so that the transactions of a group announce their entries once, together.
  private final Runnable announce = () -> listener.run();
  // Entries one transaction appended, indexed once it is durable and announced after its group.
  private final Txn.Key<List<Appended>> appendedInTxn =
      Txn.key(
          "outbox",
          txn -> {
            List<Appended> appended = new ArrayList<>(2);
            txn.onCommitted(() -> indexDurable(appended));
            txn.afterGroupCommitted(announce);
            return appended;
          });

  public Outbox(NodeDatabase db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    try (StoreIterator it = db.iterator(CF)) {
      for (it.seek(ACKED); it.isValid(); it.next()) {
        byte[] k = it.key();
        String source = new String(k, ACKED.length, k.length - ACKED.length, UTF_8);
        ackedThrough.put(source, Keys.readU64(it.value(), 0));
      }
    }
    long first = 0;
    long last = 0;
    try (StoreIterator it = db.iterator(CF)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long position = Keys.readU64(it.key(), 0);
        if (position == Long.MAX_VALUE) {
          break; // the acknowledged sequences, after every position
        }
        IdentityChange change = decode(position, it.value()).change();
        if (!acked(change)) {
          runs.add(change.getSourceMunicipality(), change.getSequence());
          size++;
        }
        first = first == 0 ? position : first;
        last = position;
      }
    }
    this.nextPosition = new AtomicLong(last + 1);
    this.durableThrough = last;
    this.head = first == 0 ? last + 1 : first;
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
    txn.attachment(appendedInTxn)
        .add(new Appended(position, change.getSourceMunicipality(), change.getSequence()));
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
    long through = durableThrough;
    List<Entry> out = new ArrayList<>(Math.min(max, 1024));
    try (StoreIterator it = db.iterator(CF)) {
      it.seek(Keys.longValue(Math.max(afterPosition + 1, head)));
      for (; it.isValid() && out.size() < max; it.next()) {
        long position = Keys.readU64(it.key(), 0);
        if (position > through) {
          break;
        }
        Entry e = decode(position, it.value());
        if (!acked(e.change())) {
          out.add(e);
        }
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
    Long before = ackedThrough.get(sourceMunicipality);
    if (before != null && before >= throughSequence) {
      return CompletableFuture.completedFuture(null);
    }
    synchronized (lock) {
      ackedThrough.merge(sourceMunicipality, throughSequence, Math::max);
      size -= runs.removeThrough(sourceMunicipality, throughSequence);
    }
    return trim(sourceMunicipality);
  }

  public long size() {
    synchronized (lock) {
      return size;
    }
  }

  /** Runs of consecutive unacknowledged sequences held in memory (what its memory grows with). */
  int indexedRuns() {
    synchronized (lock) {
      return runs.runCount();
    }
  }

  /** When the oldest unacknowledged entry was appended; empty when none is. */
  public OptionalLong oldestUnackedMillis() {
    List<Entry> oldest = unacked(1);
    return oldest.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(oldest.get(0).appendedMillis());
  }

  private boolean acked(IdentityChange change) {
    return acked(change.getSourceMunicipality(), change.getSequence());
  }

  private boolean acked(String source, long sequence) {
    Long through = ackedThrough.get(source);
    return through != null && sequence <= through;
  }

  private void indexDurable(List<Appended> appended) {
    long last = durableThrough;
    synchronized (lock) {
      for (Appended a : appended) {
        runs.add(a.source(), a.sequence());
        size++;
        last = Math.max(last, a.position());
      }
    }
    durableThrough = last;
  }

  /**
   * Records {@code source}'s acknowledged sequence and deletes the acknowledged entries at the head
   * of the queue, up to the first unacknowledged.
   */
  private CompletableFuture<Void> trim(String source) {
    List<byte[]> done = new ArrayList<>();
    synchronized (trimLock) {
      long through = durableThrough;
      long next = head;
      try (StoreIterator it = db.iterator(CF)) {
        for (it.seek(Keys.longValue(next)); it.isValid(); it.next()) {
          long position = Keys.readU64(it.key(), 0);
          if (position > through || !ackedEntry(position, it.value())) {
            break;
          }
          done.add(it.key());
          next = position + 1;
        }
      }
      head = next;
    }
    byte[] key = ackedKey(source);
    return db.commit(
        txn -> {
          // Read on the writer, so that the later of two racing acks is the one that stays.
          txn.put(CF, key, Keys.longValue(ackedThrough.get(source)));
          done.forEach(k -> txn.delete(CF, k));
        });
  }

  /**
   * Whether the entry's change is acknowledged, reading only its source and sequence (fields 1 and
   * 2 of {@code IdentityChange}): every entry passes here once, on the event loop that took the
   * ack, and parsing the whole change cost more than the rest of the ack.
   */
  private boolean ackedEntry(long position, byte[] value) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(value, 8, value.length - 8);
      String source = "";
      long sequence = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case IdentityChange.SOURCE_MUNICIPALITY_FIELD_NUMBER ->
              source = in.readStringRequireUtf8();
          case IdentityChange.SEQUENCE_FIELD_NUMBER -> sequence = in.readUInt64();
          default -> in.skipField(tag);
        }
      }
      return acked(source, sequence);
    } catch (IOException e) {
      throw new StoreException(
          db.nodeName() + ": unreadable outbox entry " + position + ": " + e.getMessage(), e);
    }
  }

  private static byte[] ackedKey(String source) {
    byte[] s = source.getBytes(UTF_8);
    byte[] key = Arrays.copyOf(ACKED, ACKED.length + s.length);
    System.arraycopy(s, 0, key, ACKED.length, s.length);
    return key;
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
