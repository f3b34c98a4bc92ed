package jp.jukinet.node.store;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which sequences of each source municipality an {@link Outbox} holds unacknowledged, as runs of
 * consecutive sequences: a source's changes are appended in sequence order and almost always
 * without gaps, so the memory this takes grows with the number of sources (and gaps), not with the
 * number of changes; they may come in any order. Not thread-safe: the outbox guards it.
 */
final class SourceRuns {
  /** Per source: the first sequence of each run → its last (both included). */
  private final Map<String, TreeMap<Long, Long>> bySource = new HashMap<>();

  /** Adds {@code sequence} of {@code source}; one it already holds is ignored. */
  void add(String source, long sequence) {
    TreeMap<Long, Long> runs = bySource.computeIfAbsent(source, s -> new TreeMap<>());
    Map.Entry<Long, Long> below = runs.floorEntry(sequence);
    if (below != null && sequence <= below.getValue()) {
      return;
    }
    Long nextLast = runs.remove(sequence + 1);
    long last = nextLast != null ? nextLast : sequence;
    if (below != null && below.getValue() == sequence - 1) {
      runs.put(below.getKey(), last);
    } else {
      runs.put(sequence, last);
    }
  }

  /** Removes every sequence of {@code source} up to {@code through}; how many it held. */
  long removeThrough(String source, long through) {
    TreeMap<Long, Long> runs = bySource.get(source);
    if (runs == null) {
      return 0;
    }
    long removed = 0;
    while (!runs.isEmpty() && runs.firstKey() <= through) {
      Map.Entry<Long, Long> r = runs.pollFirstEntry();
      if (r.getValue() <= through) {
        removed += r.getValue() - r.getKey() + 1;
      } else {
        removed += through - r.getKey() + 1;
        runs.put(through + 1, r.getValue());
      }
    }
    if (runs.isEmpty()) {
      bySource.remove(source);
    }
    return removed;
  }

  /** Runs held over all sources (what the memory grows with). */
  int runCount() {
    int n = 0;
    for (TreeMap<Long, Long> runs : bySource.values()) {
      n += runs.size();
    }
    return n;
  }
}
