package jp.jukinet.sim.scenario;

import jp.jukinet.protocol.proto.NodeRole;

/**
 * 広域交付 for {@code count} residents the run registered, drawn at random: each one's 住民票の写し asked by
 * the operator of another CS (交付地) than the one the person lives in (住所地), relayed between the two
 * CSs (as {@code jukinet cs <交付地> copy}).
 *
 * @param count residents (default 1)
 */
public record WideAreaStep(Moment at, Integer count) implements Step {
  public WideAreaStep {
    count = StepValues.count("wide_area", count);
  }

  @Override
  public void check(ScenarioContext context) {
    if (at != null) {
      at.check(context);
    }
    if (context.topology() != null
        && context.topology().nodes().stream()
                .filter(n -> n.id().role() == NodeRole.NODE_ROLE_CS)
                .count()
            < 2) {
      throw new IllegalArgumentException(
          "wide_area: 広域交付 needs two municipalities (CSs); the topology has one");
    }
  }

  @Override
  public String describe() {
    return "wide_area 広域交付 for " + count + " resident" + (count == 1 ? "" : "s");
  }
}
