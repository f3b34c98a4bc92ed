package jp.jukinet.national.provision;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreIterator;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * 開示件数, durable: one count per month × 請求方法 × 受取方法 (seed 002 別紙2 reports them by year). Kept in
 * memory too (read once at start); increments are staged on the database's single writer, so
 * concurrent 開示 never lose one, and an aborted transaction takes its increment back.
 */
public final class DisclosureCounters {
  /** "YYYY-MM|請求方法|受取方法" → count (8 bytes, big-endian). */
  public static final String CF = "disclosure_counter";

  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  private final NavigableMap<String, Long> counts = new ConcurrentSkipListMap<>();

  public DisclosureCounters(NodeDatabase db) {
    Objects.requireNonNull(db, "db");
    try (StoreIterator it = db.iterator(CF)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        counts.put(
            new String(it.key(), StandardCharsets.UTF_8), ByteBuffer.wrap(it.value()).getLong());
      }
    }
  }

  /** Writer only: counts one 開示 into {@code txn}. */
  public void stage(Txn txn, YearMonth month, String requestMethod, String receiveMethod) {
    txn.requireStaging("DisclosureCounters.stage");
    String key = month + "|" + requestMethod + "|" + receiveMethod;
    long n = counts.merge(key, 1L, Long::sum);
    txn.put(CF, key.getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(n).array());
    txn.onAborted(e -> counts.merge(key, -1L, Long::sum));
  }

  /** Rows of the months {@code from} through {@code to} (null: open), in month order. */
  public List<CounterRow> counters(YearMonth from, YearMonth to) {
    List<CounterRow> rows = new ArrayList<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String[] parts = e.getKey().split("\\|", 3);
      YearMonth month = YearMonth.parse(parts[0]);
      if ((from != null && month.isBefore(from)) || (to != null && month.isAfter(to))) {
        continue;
      }
      rows.add(
          CounterRow.newBuilder()
              .setMonth(parts[0])
              .setRequestMethod(parts[1])
              .setReceiveMethod(parts[2])
              .setCount(e.getValue())
              .build());
    }
    return rows;
  }
}
