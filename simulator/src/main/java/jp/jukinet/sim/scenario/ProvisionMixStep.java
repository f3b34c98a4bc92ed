package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * The national server's provisions replayed by the FY2020 table ({@link ProvisionShares}) at a rate
 * of provided records for a while: each record drawn by its share of 提供先 × 事務 × 提供方法; 即時提供 sent one
 * by one, 電気通信回線 and 磁気媒体 records gathered into one 一括提供 per 事務 and method every {@code
 * batch_every} (and at each month's start, so a month's records are provided in it).
 *
 * @param mix the table: {@code fy2020}, the only one
 * @param records instead of {@code rate}: this many records spread over {@code duration} (a batch
 *     day's records, which as a rate could exceed what a rate may say)
 * @param agencies only these 提供先 (all when absent)
 * @param methods only these methods: {@code immediate}, {@code line}, {@code media} (all when
 *     absent)
 * @param batchEvery how often batches go (default 1day simulated; 10s real without a calendar)
 * @param parallel at most this many 即時提供 in flight (default 64)
 */
public record ProvisionMixStep(
    Moment at,
    String mix,
    Rate rate,
    Long records,
    Span duration,
    List<String> agencies,
    List<String> methods,
    @JsonProperty("batch_every") Span batchEvery,
    Integer parallel)
    implements Step {
  public ProvisionMixStep {
    if (mix == null) {
      mix = "fy2020";
    }
    if (!mix.equals("fy2020")) {
      throw new IllegalArgumentException("provision_mix: unknown mix '" + mix + "' (fy2020)");
    }
    if (duration == null || duration.amount().isZero()) {
      throw new IllegalArgumentException("provision_mix: 'duration' is required and above 0");
    }
    if ((rate == null) == (records == null)) {
      throw new IllegalArgumentException(
          "provision_mix: give one of 'rate' (records provided per unit of time, e.g. 200/day"
              + " simulated) and 'records' (how many over 'duration')");
    }
    if (records != null) {
      if (records < 1 || records > 1_000_000_000L) {
        throw new IllegalArgumentException(
            "provision_mix: 'records' " + records + " must be 1..1000000000");
      }
      rate =
          new Rate(
              records,
              duration.amount().toNanos() / 1e9,
              duration.simulated(),
              records + " records in " + duration);
    }
    agencies = agencies == null ? List.of() : List.copyOf(agencies);
    for (String a : agencies) {
      if (Agencies.byId(a).isEmpty()) {
        throw new IllegalArgumentException(
            "provision_mix: unknown agency '" + a + "' (the 提供先 of the provision table: A01 …)");
      }
    }
    methods = methods == null ? List.of() : List.copyOf(methods);
    methods.forEach(AgencyRegistry::method); // refuses an unknown word
    if (batchEvery != null && batchEvery.amount().isZero()) {
      throw new IllegalArgumentException("provision_mix: 'batch_every' must be above 0");
    }
    if (parallel == null) {
      parallel = 64;
    }
    if (parallel < 1 || parallel > 4096) {
      throw new IllegalArgumentException(
          "provision_mix: 'parallel' " + parallel + " must be 1..4096");
    }
    shares(agencies, methods); // refuses a choice with no FY2020 provisions
  }

  /** The table cells this step draws from. */
  ProvisionShares shares() {
    return shares(agencies, methods);
  }

  private static ProvisionShares shares(List<String> agencies, List<String> methods) {
    Set<ProvisionMethod> m =
        methods.stream().map(AgencyRegistry::method).collect(Collectors.toSet());
    return ProvisionShares.fy2020().only(agencies, m);
  }

  @Override
  public void check(ScenarioContext context) {
    // Only 即時提供 are sent one by one: the limit on a rate holds for their share (batch records
    // are cheap); a share of 0 still checks that a simulated rate has a calendar.
    double immediate = shares().share(ProvisionMethod.PROVISION_METHOD_IMMEDIATE);
    Step.checkTimes(context, at, duration, part(rate, Math.max(immediate, 1e-9)));
    if (batchEvery != null) {
      batchEvery.check(context);
    }
  }

  /** {@code share} of {@code rate}. */
  static Rate part(Rate rate, double share) {
    return new Rate(
        rate.perUnit() * share, rate.unitSeconds(), rate.simulated(), rate + " × " + share);
  }

  @Override
  public String describe() {
    return "provision_mix "
        + mix
        + (agencies.isEmpty() ? "" : " " + String.join("+", agencies))
        + (methods.isEmpty() ? "" : " " + String.join("+", methods))
        + " "
        + (records != null ? records + " records" : rate)
        + " for "
        + duration;
  }
}
