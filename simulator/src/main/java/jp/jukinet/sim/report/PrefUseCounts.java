package jp.jukinet.sim.report;

import java.time.YearMonth;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * A prefecture server's counters in a period, summed over its terminals and methods: per 事務 code,
 * per month.
 */
record PrefUseCounts(Map<String, TreeMap<String, Long>> byJimuAndMonth) {
  static PrefUseCounts of(Collection<CounterRow> counters, ReportPeriod period) {
    Map<String, TreeMap<String, Long>> out = new TreeMap<>();
    for (CounterRow c : counters) {
      if (c.getCount() == 0 || !period.contains(YearMonth.parse(c.getMonth()))) {
        continue;
      }
      out.computeIfAbsent(c.getJimuCode(), j -> new TreeMap<>())
          .merge(c.getMonth(), c.getCount(), Long::sum);
    }
    return new PrefUseCounts(out);
  }

  /** Months with provisions for {@code jimu}, in order, with their counts. */
  Map<String, Long> months(String jimu) {
    return byJimuAndMonth.getOrDefault(jimu, new TreeMap<>());
  }

  long total(String jimu) {
    return months(jimu).values().stream().mapToLong(Long::longValue).sum();
  }
}
