package jp.jukinet.sim.scenario;

import java.util.Locale;
import java.util.stream.Collectors;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * An agency's (提供先) requests to the national server through its own certificate: 即時提供 lookups at a
 * rate for a while ({@code method: lookup}, the default), each by the 住民票コード of a resident the run
 * registered, or one 一括提供 ({@code method: batch}) of {@code keys} such codes, by line or, with
 * {@code media: true}, as 磁気媒体. With {@code expect: refused} the request is one the national server
 * must refuse (目的外利用の禁止: a 事務 not the agency's, or a method it may not use for it).
 *
 * @param agency the 提供先 ({@code A20}: 日本年金機構)
 * @param jimu a 事務 ({@code J39} …): one of the agency's, unless the request is expected refused
 * @param method {@code lookup} (即時提供) or {@code batch} (一括提供)
 * @param keys a batch's key count
 * @param media a batch by 磁気媒体
 * @param expect {@code provided} (the default) or {@code refused}
 */
public record AgencyStep(
    Moment at,
    String agency,
    String jimu,
    String method,
    Integer keys,
    Boolean media,
    String expect,
    Span duration,
    Rate rate,
    Integer parallel)
    implements Step {
  /** 即時提供. */
  public static final String LOOKUP = "lookup";

  /** 一括提供. */
  public static final String BATCH = "batch";

  /** The national server provides (the default). */
  public static final String PROVIDED = "provided";

  /** The national server must refuse (PURPOSE_NOT_ALLOWED). */
  public static final String REFUSED = "refused";

  public AgencyStep {
    if (agency == null || Agencies.byId(agency).isEmpty()) {
      throw new IllegalArgumentException(
          "agency: unknown agency '" + agency + "' (the 提供先 of the provision table: A01 …)");
    }
    method = method == null ? LOOKUP : method.trim().toLowerCase(Locale.ROOT);
    if (!method.equals(LOOKUP) && !method.equals(BATCH)) {
      throw new IllegalArgumentException(
          "agency: unknown method '" + method + "': lookup (即時提供) or batch (一括提供)");
    }
    expect = expect == null ? PROVIDED : expect.trim().toLowerCase(Locale.ROOT);
    if (!expect.equals(PROVIDED) && !expect.equals(REFUSED)) {
      throw new IllegalArgumentException(
          "agency: 'expect' is provided (the default) or refused, not '" + expect + "'");
    }
    if (media == null) {
      media = false;
    }
    if (method.equals(BATCH)) {
      if (keys == null || keys < 1 || keys > 1_000_000) {
        throw new IllegalArgumentException(
            "agency: a batch needs 'keys' 1..1000000 (codes of residents the run registered)");
      }
      if (duration != null || rate != null || parallel != null) {
        throw new IllegalArgumentException(
            "agency: a batch is one request of 'keys': no 'duration', 'rate' or 'parallel'");
      }
    } else {
      if (keys != null || media) {
        throw new IllegalArgumentException("agency: 'keys' and 'media' are for method: batch");
      }
      StepValues.rated("agency", duration, rate);
      parallel = StepValues.parallel("agency", parallel);
    }
    checkPurpose(agency, jimu, provisionMethod(method, media), expect.equals(REFUSED));
  }

  /**
   * The pairing must be what the step expects: an agency's 事務 by a method it may use, or, expected
   * refused, one the registry forbids (any known 事務 code; an unknown code is a typo, refused here).
   */
  private static void checkPurpose(
      String agency, String jimu, ProvisionMethod method, boolean refused) {
    if (jimu == null || Agencies.jimu().stream().noneMatch(j -> j.id().equals(jimu))) {
      throw new IllegalArgumentException(
          "agency: unknown 事務 '" + jimu + "' (J01 … of the provision table)");
    }
    AgencyRegistry.Entry entry = AgencyRegistry.load().agency(agency).orElseThrow();
    var registration = entry.registration(jimu);
    boolean allowed = registration.isPresent() && registration.get().methods().contains(method);
    if (refused && allowed) {
      throw new IllegalArgumentException(
          "agency: expect: refused, but "
              + agency
              + " may receive "
              + jimu
              + " by "
              + AgencyRegistry.word(method)
              + ": the national server would provide it");
    }
    if (!refused && registration.isEmpty()) {
      throw new IllegalArgumentException(
          "agency: '"
              + jimu
              + "' is not a 事務 of "
              + agency
              + " (its 事務: "
              + Agencies.jimuOf(agency).stream().map(Jimu::id).collect(Collectors.joining(", "))
              + "; a forbidden request says expect: refused)");
    }
    if (!refused && !allowed) {
      throw new IllegalArgumentException(
          "agency: "
              + agency
              + " may receive "
              + jimu
              + " only by "
              + registration.get().methods().stream()
                  .map(AgencyRegistry::word)
                  .collect(Collectors.joining(", "))
              + ", not by "
              + AgencyRegistry.word(method)
              + " (a forbidden request says expect: refused)");
    }
  }

  private static ProvisionMethod provisionMethod(String method, boolean media) {
    if (method.equals(LOOKUP)) {
      return ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
    }
    return media
        ? ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA
        : ProvisionMethod.PROVISION_METHOD_BATCH_LINE;
  }

  /** The 提供方法 of the request. */
  public ProvisionMethod provisionMethod() {
    return provisionMethod(method, media);
  }

  public boolean batch() {
    return method.equals(BATCH);
  }

  public boolean expectRefused() {
    return expect.equals(REFUSED);
  }

  @Override
  public void check(ScenarioContext context) {
    if (context.topology() != null
        && !context.topology().agencies().contains(new PeerId(NodeRole.NODE_ROLE_AGENCY, agency))) {
      throw new IllegalArgumentException(
          "agency: the topology has no certificate for agency " + agency);
    }
    if (batch()) {
      if (at != null) {
        at.check(context);
      }
      return;
    }
    Step.checkTimes(context, at, duration, rate);
  }

  @Override
  public String describe() {
    String what =
        batch()
            ? "一括提供 " + jimu + " " + keys + " keys" + (media ? " (磁気媒体)" : "")
            : "即時提供 " + jimu + " " + rate + " for " + duration;
    return "agency " + agency + " " + what + (expectRefused() ? ", expected refused" : "");
  }
}
