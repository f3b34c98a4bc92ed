package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a {@code fault} step does to its target for its duration; each is healed at its end. */
public enum FaultKind {
  /** kill -9 the node, then restart it on its port with its data. */
  @JsonProperty("kill")
  KILL(false),
  /** SIGSTOP the node's process, then SIGCONT (process mode). */
  @JsonProperty("pause")
  PAUSE(false),
  /** Cut the target's link to its upstream: every connection closed, new ones refused. */
  @JsonProperty("cut")
  CUT(true),
  /** Delay every chunk on the target's upstream link by {@code delay}. */
  @JsonProperty("delay")
  DELAY(true),
  /** Swallow everything on the target's upstream link (connections stay open, nothing arrives). */
  @JsonProperty("drop")
  DROP(true),
  /** Run a CS's clock {@code offset} ahead of the network's calendar. */
  @JsonProperty("skew")
  SKEW(false);

  private final boolean onLink;

  FaultKind(boolean onLink) {
    this.onLink = onLink;
  }

  /** Whether the fault is on the target's upstream link (through a fault proxy). */
  public boolean onLink() {
    return onLink;
  }
}
