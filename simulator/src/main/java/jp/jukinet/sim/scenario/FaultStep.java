package jp.jukinet.sim.scenario;

import java.util.Locale;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.topology.NodeSpec;

/**
 * A fault on a node or on its link to its upstream, applied when the step runs and healed after
 * {@code duration} while the timeline goes on (or at the end of the run, whichever comes first).
 *
 * @param delay how long each chunk waits, for {@code delay} faults
 * @param offset how far ahead of the calendar a CS's clock runs, for {@code skew} faults
 */
public record FaultStep(
    Moment at, FaultKind kind, NodeRef target, Span duration, Span delay, Span offset)
    implements Step {
  public FaultStep {
    if (kind == null) {
      throw new IllegalArgumentException(
          "fault: 'kind' is required: kill, pause, cut, delay, drop, skew");
    }
    if (target == null) {
      throw new IllegalArgumentException("fault: 'target' is required (a node or a selector)");
    }
    if (duration == null || duration.amount().isZero()) {
      throw new IllegalArgumentException("fault: 'duration' is required and above 0");
    }
    if ((kind == FaultKind.DELAY) != (delay != null)) {
      throw new IllegalArgumentException(
          kind == FaultKind.DELAY
              ? "fault: a delay needs 'delay' (e.g. 200ms)"
              : "fault: 'delay' is only for kind delay");
    }
    if ((kind == FaultKind.SKEW) != (offset != null)) {
      throw new IllegalArgumentException(
          kind == FaultKind.SKEW
              ? "fault: a skew needs 'offset' (e.g. 10min)"
              : "fault: 'offset' is only for kind skew");
    }
    if (offset != null && offset.amount().compareTo(SkewFault.MAX_OFFSET) > 0) {
      throw new IllegalArgumentException(
          "fault: offset " + offset + " is beyond " + SkewFault.MAX_OFFSET.toDays() + " days");
    }
  }

  @Override
  public void check(ScenarioContext context) {
    if (at != null) {
      at.check(context);
    }
    duration.check(context);
    if (context.topology() == null) {
      return;
    }
    NodeSpec node = target.resolve(context.topology());
    if (kind.onLink() && node.id().role() == NodeRole.NODE_ROLE_NATIONAL) {
      throw new IllegalArgumentException(
          "fault "
              + kind.name().toLowerCase(Locale.ROOT)
              + ": the national server has no upstream link; "
              + "name the node below the link (pref-…, cs-…)");
    }
    if (kind == FaultKind.SKEW && node.id().role() != NodeRole.NODE_ROLE_CS) {
      throw new IllegalArgumentException("fault skew: only a CS's clock can be skewed (cs-…)");
    }
    if (kind == FaultKind.PAUSE && context.mode() == Mode.IN_JVM) {
      throw new IllegalArgumentException(
          "fault pause: nodes of an in-jvm network share one process; use mode: process");
    }
  }

  @Override
  public String describe() {
    return "fault "
        + kind.name().toLowerCase(Locale.ROOT)
        + " "
        + target
        + (kind.onLink() ? " (its upstream link)" : "")
        + " for "
        + duration
        + (delay == null ? "" : ", delay " + delay)
        + (offset == null ? "" : ", offset " + offset);
  }
}
