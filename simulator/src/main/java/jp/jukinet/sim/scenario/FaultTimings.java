package jp.jukinet.sim.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast a run's network saw each fault, for {@link ReportComparison}: per fault (its number in
 * the run, from 1, the order of report.json's {@code faults}) the seconds from 発生 to 発見 ({@code
 * occur} to {@code detect}) and from the heal to 回復 ({@code heal} to {@code recover}; from 発生 when
 * the history has no heal), in real time so that runs on different calendars compare. Read from the
 * {@code history.jsonl} beside report.json; a run whose report has no {@code networkFailures} (one
 * from before the failure list) has none.
 */
record FaultTimings(Map<Integer, Double> detected, Map<Integer, Double> recovered) {
  static final FaultTimings NONE = new FaultTimings(Map.of(), Map.of());

  FaultTimings {
    detected = Map.copyOf(detected);
    recovered = Map.copyOf(recovered);
  }

  /**
   * The timings of the run whose report is {@code r}.
   *
   * @throws ReportComparison.BadReport naming the history when it cannot be read or is malformed
   */
  static FaultTimings of(ReportFile r) {
    Path history = r.file().resolveSibling("history.jsonl");
    if (!r.root().has("networkFailures") || !Files.isRegularFile(history)) {
      return NONE;
    }
    try {
      return of(FailureHistory.read(history).events());
    } catch (IOException e) {
      throw new ReportComparison.BadReport(history + ": cannot read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ReportComparison.BadReport(e.getMessage());
    }
  }

  static FaultTimings of(List<FailureEvent> events) {
    Map<Integer, Map<String, Long>> phases = new HashMap<>();
    for (FailureEvent e : events) {
      phases.computeIfAbsent(e.fault(), f -> new HashMap<>()).putIfAbsent(e.phase(), e.atMillis());
    }
    Map<Integer, Double> detected = new HashMap<>();
    Map<Integer, Double> recovered = new HashMap<>();
    phases.forEach(
        (fault, at) -> {
          Long occur = at.get(FailureEvent.OCCUR);
          if (occur == null) {
            return; // a history cut short before the fault's first line
          }
          Long detect = at.get(FailureEvent.DETECT);
          Long recover = at.get(FailureEvent.RECOVER);
          if (detect != null) {
            detected.put(fault, (detect - occur) / 1000.0);
          }
          if (recover != null) {
            recovered.put(fault, (recover - at.getOrDefault(FailureEvent.HEAL, occur)) / 1000.0);
          }
        });
    return new FaultTimings(detected, recovered);
  }
}
