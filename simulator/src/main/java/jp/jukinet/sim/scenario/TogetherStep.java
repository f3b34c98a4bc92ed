package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs its steps at the same time, each from its own {@code at} (or at once); ends when the last
 * ends. Written as a list: {@code together: [ {operations: …}, {provision_mix: …} ]}.
 */
public record TogetherStep(List<Step> steps) implements Step {
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public TogetherStep {
    if (steps == null || steps.size() < 2) {
      throw new IllegalArgumentException("together: list at least two steps");
    }
    steps = List.copyOf(steps);
  }

  @JsonValue
  @Override
  public List<Step> steps() {
    return steps;
  }

  @Override
  public Moment at() {
    return null;
  }

  @Override
  public String describe() {
    return "together: " + steps.stream().map(Step::describe).collect(Collectors.joining(" | "));
  }
}
