package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A step's rate by simulated month ({@code monthly: {3: 1.5, 4: 1.5}}): in a month named here the
 * rate is multiplied by its weight; a month not named weighs 1. Months are 1–12, in Japan's time.
 */
public record MonthlyWeights(Map<Integer, Double> weights) {
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public MonthlyWeights {
    if (weights == null || weights.isEmpty()) {
      throw new IllegalArgumentException("monthly: name at least one month (1–12) and its weight");
    }
    for (Map.Entry<Integer, Double> e : weights.entrySet()) {
      if (e.getKey() == null || e.getKey() < 1 || e.getKey() > 12) {
        throw new IllegalArgumentException("monthly: month " + e.getKey() + " is not 1–12");
      }
      if (e.getValue() == null || !(e.getValue() > 0) || e.getValue() > 1000) {
        throw new IllegalArgumentException(
            "monthly: the weight of month " + e.getKey() + " must be above 0 and at most 1000");
      }
    }
    weights = new TreeMap<>(weights);
  }

  /** The weight of the month {@code t} falls in. */
  public double at(Instant t) {
    return weights.getOrDefault(t.atZone(Moment.JAPAN).getMonthValue(), 1.0);
  }

  @JsonValue
  @Override
  public Map<Integer, Double> weights() {
    return weights;
  }
}
