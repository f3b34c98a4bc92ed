package jp.jukinet.sim.scenario;

import java.util.stream.Collectors;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Jimu;

/**
 * An agency's (提供先) 即時提供 at a rate for a while: lookups for one of its 事務, each by the 住民票コード of a
 * resident the run registered, through its own certificate to the national server.
 *
 * @param agency the 提供先 ({@code A20}: 日本年金機構)
 * @param jimu one of its 事務 ({@code J01} …)
 */
public record AgencyStep(
    Moment at, String agency, String jimu, Span duration, Rate rate, Integer parallel)
    implements Step {
  public AgencyStep {
    if (agency == null || Agencies.byId(agency).isEmpty()) {
      throw new IllegalArgumentException(
          "agency: unknown agency '" + agency + "' (the 提供先 of the provision table: A01 …)");
    }
    String a = agency;
    if (jimu == null || Agencies.jimuOf(a).stream().noneMatch(j -> j.id().equals(jimu))) {
      throw new IllegalArgumentException(
          "agency: '"
              + jimu
              + "' is not a 事務 of "
              + a
              + " (its 事務: "
              + Agencies.jimuOf(a).stream().map(Jimu::id).collect(Collectors.joining(", "))
              + ")");
    }
    if (duration == null || duration.amount().isZero()) {
      throw new IllegalArgumentException("agency: 'duration' is required and above 0");
    }
    if (rate == null) {
      throw new IllegalArgumentException("agency: 'rate' is required (e.g. 20/s)");
    }
    if (parallel == null) {
      parallel = 64;
    }
    if (parallel < 1 || parallel > 4096) {
      throw new IllegalArgumentException("agency: 'parallel' " + parallel + " must be 1..4096");
    }
  }

  @Override
  public void check(ScenarioContext context) {
    Step.checkTimes(context, at, duration, rate);
  }

  @Override
  public String describe() {
    return "agency " + agency + " 即時提供 " + jimu + " " + rate + " for " + duration;
  }
}
