package jp.jukinet.sim.scenario;

/**
 * Runs one step again and again on the calendar: first at {@code at} (or right after the previous
 * step), then {@code every} after that first start, {@code times} runs in all or until {@code
 * until}. A run that overruns its period delays the next, which then starts at once.
 *
 * @param step the step repeated; it has no {@code at} of its own
 */
public record RepeatStep(Moment at, Every every, Integer times, Moment until, Step step)
    implements Step {
  public RepeatStep {
    if (every == null) {
      throw new IllegalArgumentException("repeat: 'every' is required (e.g. 1month simulated)");
    }
    if ((times == null) == (until == null)) {
      throw new IllegalArgumentException("repeat: give exactly one of 'times' and 'until'");
    }
    if (times != null && (times < 1 || times > 100_000)) {
      throw new IllegalArgumentException("repeat: 'times' " + times + " must be 1..100000");
    }
    if (step == null) {
      throw new IllegalArgumentException("repeat: 'step' is required (the step to repeat)");
    }
    if (step.at() != null) {
      throw new IllegalArgumentException(
          "repeat: the repeated step has no 'at' (the repeat's 'at' and 'every' say when it runs)");
    }
  }

  @Override
  public void check(ScenarioContext context) {
    if (at != null) {
      at.check(context);
    }
    every.check(context);
    if (until != null) {
      until.check(context);
    }
  }

  @Override
  public String describe() {
    return "repeat every "
        + every
        + (times != null ? " ×" + times : " until " + until)
        + ": "
        + step.describe();
  }
}
