package jp.jukinet.sim.scenario;

/**
 * 開示 of {@code count} residents the run registered, drawn at random: each person's 本人確認情報 and every
 * provision of it, asked of the national server (by the monitor, as {@code jukinet disclose}).
 *
 * @param count residents (default 1)
 */
public record DiscloseStep(Moment at, Integer count) implements Step {
  public DiscloseStep {
    count = StepValues.count("disclose", count);
  }

  @Override
  public void check(ScenarioContext context) {
    if (at != null) {
      at.check(context);
    }
  }

  @Override
  public String describe() {
    return "disclose 開示 of " + count + " resident" + (count == 1 ? "" : "s");
  }
}
