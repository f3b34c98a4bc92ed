package jp.jukinet.sim.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Counts of what the demo did, per operation; thread-safe. */
final class Tally {
  /** At most this many failure messages are kept per operation. */
  static final int MAX_REASONS = 5;

  private final Map<DemoOperation, long[]> counts = new EnumMap<>(DemoOperation.class);
  private final Map<DemoOperation, List<String>> reasons = new EnumMap<>(DemoOperation.class);

  Tally() {
    for (DemoOperation op : DemoOperation.values()) {
      counts.put(op, new long[4]);
      reasons.put(op, new ArrayList<>());
    }
  }

  /**
   * A success; {@code across} tells a move across prefectures from one within (null: not a move).
   */
  synchronized void ok(DemoOperation op, Boolean across) {
    long[] c = counts.get(op);
    c[0]++;
    if (across != null) {
      c[across ? 3 : 2]++;
    }
  }

  synchronized void failed(DemoOperation op, String reason) {
    counts.get(op)[1]++;
    List<String> r = reasons.get(op);
    if (r.size() < MAX_REASONS) {
      r.add(reason);
    }
  }

  synchronized List<DemoReport.Row> rows() {
    List<DemoReport.Row> out = new ArrayList<>();
    for (DemoOperation op : DemoOperation.values()) {
      long[] c = counts.get(op);
      out.add(
          new DemoReport.Row(
              op.name().toLowerCase(Locale.ROOT),
              op.japanese(),
              c[0],
              c[1],
              c[2],
              c[3],
              List.copyOf(reasons.get(op))));
    }
    return out;
  }
}
