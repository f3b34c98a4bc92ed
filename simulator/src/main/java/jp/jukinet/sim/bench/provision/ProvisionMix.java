package jp.jukinet.sim.bench.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Jimu;

/**
 * The agency × 事務 mix of 即時提供 requests, weighted by each 事務's FY2020 提供件数 (事務 with none get weight
 * 1, so every registered one appears), limited to the agencies that may use the method and, among
 * them, the {@code agencies} largest.
 */
public final class ProvisionMix {
  private final List<String> agencies;
  private final TreeMap<Double, Jimu> cumulative = new TreeMap<>();
  private final Map<String, TreeMap<Double, Jimu>> byAgency = new TreeMap<>();
  private final double total;

  private ProvisionMix(List<Jimu> jimu, int agencies) {
    Map<String, Double> weightByAgency =
        jimu.stream()
            .collect(
                Collectors.groupingBy(
                    Jimu::agencyId, Collectors.summingDouble(ProvisionMix::weight)));
    this.agencies =
        weightByAgency.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(agencies)
            .map(Map.Entry::getKey)
            .toList();
    double sum = 0;
    for (Jimu j : jimu) {
      if (this.agencies.contains(j.agencyId())) {
        sum += weight(j);
        cumulative.put(sum, j);
        TreeMap<Double, Jimu> own = byAgency.computeIfAbsent(j.agencyId(), a -> new TreeMap<>());
        own.put((own.isEmpty() ? 0 : own.lastKey()) + weight(j), j);
      }
    }
    this.total = sum;
    if (this.agencies.isEmpty()) {
      throw new IllegalArgumentException("no agency may use this method: the mix is empty");
    }
  }

  /**
   * @param allowed the 事務 for which their agency may use the method measured
   * @param agencies how many agencies, the largest by FY2020 volume, to drive
   */
  public static ProvisionMix of(Predicate<Jimu> allowed, int agencies) {
    if (agencies < 1) {
      throw new IllegalArgumentException("--agencies " + agencies + " must be at least 1");
    }
    List<Jimu> all = new ArrayList<>();
    Agencies.all().forEach(a -> Agencies.jimuOf(a.id()).stream().filter(allowed).forEach(all::add));
    return new ProvisionMix(all, agencies);
  }

  private static double weight(Jimu j) {
    return Math.max(1, j.fy2020Count());
  }

  /** The agencies driven, largest first. */
  public List<String> agencies() {
    return agencies;
  }

  /** A 事務, weighted across every agency driven. */
  public Jimu next(SplittableRandom r) {
    return cumulative.higherEntry(r.nextDouble() * total).getValue();
  }

  /** A 事務 of {@code agencyId}, weighted within it. */
  public Jimu nextOf(String agencyId, SplittableRandom r) {
    TreeMap<Double, Jimu> own = Objects.requireNonNull(byAgency.get(agencyId), agencyId);
    return own.higherEntry(r.nextDouble() * own.lastKey()).getValue();
  }

  /** Each agency's share of the requests, for the report. */
  public Map<String, Double> shares() {
    Map<String, Double> shares = new TreeMap<>();
    byAgency.forEach((a, m) -> shares.put(a, m.lastKey() / total));
    return shares;
  }
}
