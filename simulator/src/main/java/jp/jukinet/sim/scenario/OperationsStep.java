package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resident operations at a rate for a while, each kind drawn with its weight in {@code mix}.
 *
 * @param across the share of moves that go to another prefecture (0..1; default 0.5)
 * @param parallel at most this many operations in flight (default 64)
 * @param monthly the rate's weight by simulated month (a month not named weighs 1), or null
 */
public record OperationsStep(
    Moment at,
    Span duration,
    Rate rate,
    Map<OperationKind, Double> mix,
    Double across,
    Integer parallel,
    MonthlyWeights monthly)
    implements Step {
  public OperationsStep {
    if (duration == null || duration.amount().isZero()) {
      throw new IllegalArgumentException("operations: 'duration' is required and above 0");
    }
    if (rate == null) {
      throw new IllegalArgumentException("operations: 'rate' is required (e.g. 20/s)");
    }
    if (mix == null || mix.isEmpty()) {
      throw new IllegalArgumentException(
          "operations: 'mix' is required: weights of birth, move, special_move, move_within,"
              + " name_change, code_change, death");
    }
    mix = new EnumMap<>(mix);
    for (Map.Entry<OperationKind, Double> e : mix.entrySet()) {
      if (e.getValue() == null || !(e.getValue() >= 0) || e.getValue().isInfinite()) {
        throw new IllegalArgumentException(
            "operations: the weight of " + e.getKey() + " must be a number >= 0");
      }
    }
    if (mix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("operations: the weights of 'mix' sum to 0");
    }
    if (across == null) {
      across = 0.5;
    }
    if (!(across >= 0 && across <= 1)) {
      throw new IllegalArgumentException("operations: 'across' " + across + " must be 0..1");
    }
    if (parallel == null) {
      parallel = 64;
    }
    if (parallel < 1 || parallel > 4096) {
      throw new IllegalArgumentException("operations: 'parallel' " + parallel + " must be 1..4096");
    }
  }

  @JsonProperty("mix")
  public Map<OperationKind, Double> mix() {
    return mix;
  }

  @Override
  public void check(ScenarioContext context) {
    Step.checkTimes(context, at, duration, rate);
    if (monthly != null && !context.hasCalendar()) {
      throw new IllegalArgumentException(
          "operations: 'monthly' weighs simulated months but the scenario has no calendar");
    }
  }

  @Override
  public String describe() {
    return "operations "
        + rate
        + " for "
        + duration
        + " ("
        + mix.entrySet().stream()
            .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + ")"
        + (monthly == null ? "" : " monthly " + monthly.weights());
  }
}
