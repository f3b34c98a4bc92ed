package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Waits for a span ({@code for}) or until a moment ({@code until}). */
public record WaitStep(@JsonProperty("for") Span duration, Moment until) implements Step {
  public WaitStep {
    if ((duration == null) == (until == null)) {
      throw new IllegalArgumentException("wait: give exactly one of 'for' and 'until'");
    }
  }

  @Override
  public Moment at() {
    return null;
  }

  @Override
  public void check(ScenarioContext context) {
    if (duration != null) {
      duration.check(context);
    } else {
      until.check(context);
    }
  }

  @Override
  public String describe() {
    return duration != null ? "wait " + duration : "wait until " + until;
  }
}
