package jp.jukinet.node.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.proto.IdentityChange;

/**
 * Which received changes were applied: per source municipality the highest applied sequence
 * (high-water mark), written in the same batch as the change it covers.
 *
 * <p>A sender sends each source's changes in sequence order and resends from its oldest
 * unacknowledged one after a reconnect, so a sequence at or below the mark is a duplicate (skip
 * it), the next one is applied, and anything beyond it is a gap: a protocol error, never applied.
 */
public final class InboundLedger {
  public static final String CF = "inbound_ledger";
  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  /** What to do with a received change. */
  public enum Disposition {
    APPLY,
    DUPLICATE
  }

  private final NodeDatabase db;
  private final Map<String, Long> durable = new ConcurrentHashMap<>();
  // Marks staged by transactions not yet known durable (writer only).
  private final Map<String, Long> staged = new HashMap<>();
  // The marks one transaction staged, each written once when it is done (a batch holds many
  // changes of one source) and made durable together.
  private final Txn.Key<Map<String, Long>> marksInTxn = Txn.key("inbound ledger", this::startMarks);

  public InboundLedger(NodeDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
    try (StoreIterator it = db.iterator(CF)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        durable.put(new String(it.key(), StandardCharsets.UTF_8), Keys.readU64(it.value(), 0));
      }
    }
  }

  /** The highest durably applied sequence of {@code source}, 0 if none. */
  public long highWaterMark(String source) {
    return durable.getOrDefault(source, 0L);
  }

  /** True when {@code (source, sequence)} was durably applied. */
  public boolean isApplied(String source, long sequence) {
    return sequence <= highWaterMark(source);
  }

  /** Every source with its mark. */
  public Map<String, Long> highWaterMarks() {
    return Map.copyOf(durable);
  }

  /**
   * Decides and, for {@link Disposition#APPLY}, stages the new mark into {@code txn} (written once
   * per source when the transaction is done). Call inside {@link
   * NodeDatabase#commit(NodeDatabase.Stager)}, before staging the change itself.
   *
   * @throws SequenceGapException when the sequence skips one (nothing is staged)
   */
  public Disposition stage(Txn txn, IdentityChange change) {
    txn.requireStaging("InboundLedger.stage");
    String source = change.getSourceMunicipality();
    long seq = change.getSequence();
    if (source.isBlank() || seq < 1) {
      throw new IllegalArgumentException(
          "change "
              + source
              + "#"
              + seq
              + " needs a source municipality and a sequence of at least 1");
    }
    long mark = staged.getOrDefault(source, highWaterMark(source));
    if (seq <= mark) {
      return Disposition.DUPLICATE;
    }
    if (seq != mark + 1) {
      throw new SequenceGapException(source, mark + 1, seq);
    }
    staged.put(source, seq);
    txn.attachment(marksInTxn).put(source, seq);
    return Disposition.APPLY;
  }

  private Map<String, Long> startMarks(Txn txn) {
    Map<String, Long> marks = new HashMap<>(4);
    txn.beforeWrite(
        () ->
            marks.forEach(
                (source, seq) ->
                    txn.put(CF, source.getBytes(StandardCharsets.UTF_8), Keys.longValue(seq))));
    txn.onCommitted(
        () ->
            marks.forEach(
                (source, seq) -> {
                  durable.merge(source, seq, Math::max);
                  staged.remove(source, seq);
                }));
    // Later stagers must see the marks without this transaction.
    txn.onAborted(cause -> marks.keySet().forEach(staged::remove));
    return marks;
  }

  /** A change arrived with a sequence beyond the next expected one. */
  public static final class SequenceGapException extends RuntimeException {
    private final String source;
    private final long expected;
    private final long received;

    public SequenceGapException(String source, long expected, long received) {
      super(
          "sequence gap from source "
              + source
              + ": expected "
              + expected
              + ", received "
              + received);
      this.source = source;
      this.expected = expected;
      this.received = received;
    }

    public String source() {
      return source;
    }

    public long expected() {
      return expected;
    }

    public long received() {
      return received;
    }
  }
}
