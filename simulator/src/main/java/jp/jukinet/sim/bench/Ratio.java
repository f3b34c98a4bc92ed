package jp.jukinet.sim.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Our figure divided by a reference peer's, round by round (both measured in the same round). */
public record Ratio(String peerName, List<Double> opsRatios, List<Double> cpuRatios) {
  public Ratio {
    opsRatios = List.copyOf(opsRatios);
    cpuRatios = List.copyOf(cpuRatios);
  }

  public static Ratio of(List<BenchResult> ours, List<BenchResult> peers) {
    if (ours.size() != peers.size() || ours.isEmpty()) {
      throw new IllegalArgumentException(
          "need one peer result per round: " + ours.size() + " vs " + peers.size());
    }
    List<Double> ops = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < ours.size(); i++) {
      ops.add(ours.get(i).opsPerSecond() / peers.get(i).opsPerSecond());
      BenchResult a = peers.get(i);
      ours.get(i)
          .opsPerCpuSecond()
          .ifPresent(o -> a.opsPerCpuSecond().ifPresent(b -> cpu.add(o / b)));
    }
    return new Ratio(peers.get(0).name(), ops, cpu);
  }

  public static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** "RATIO ours/peer ops_per_s=0.93 (min 0.91 max 0.95, 3 rounds) ops_per_cpu_s=…" */
  public String line(String ourName) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT, "RATIO %s/%s ops_per_s=%.3f", ourName, peerName, median(opsRatios)));
    if (opsRatios.size() > 1) {
      sb.append(
          String.format(
              Locale.ROOT,
              " (min %.3f max %.3f, %d rounds)",
              Collections.min(opsRatios),
              Collections.max(opsRatios),
              opsRatios.size()));
    }
    if (!cpuRatios.isEmpty()) {
      sb.append(String.format(Locale.ROOT, " ops_per_cpu_s=%.3f", median(cpuRatios)));
    }
    return sb.toString();
  }
}
