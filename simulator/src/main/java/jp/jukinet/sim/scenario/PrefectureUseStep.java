package jp.jukinet.sim.scenario;

import java.util.List;
import java.util.stream.Collectors;
import jp.jukinet.pref.use.PrefJimu;
import jp.jukinet.pref.use.PrefJimuRegistry;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.topology.Topology;

/**
 * 都道府県知事の利用 at a rate for a while: the prefecture's 業務端末 ({@code term-<code>-01}) looks up
 * residents of the prefecture the run registered, by 住民票コード, for one of the prefecture's 事務, at its
 * prefecture server (as {@code jukinet term <prefecture> lookup}).
 *
 * @param prefecture {@code first}, {@code last}, or the prefecture's code ({@code 19}, {@code
 *     190004}) or name ({@code 山梨県})
 * @param jimu a 事務 of the prefecture's registry the terminal may use ({@code H5-02} …)
 */
public record PrefectureUseStep(
    Moment at, String prefecture, String jimu, Span duration, Rate rate, Integer parallel)
    implements Step {
  /** The terminal the runner uses: {@code term-<code>-01}. */
  static final String TERMINAL = "01";

  public PrefectureUseStep {
    if (prefecture == null || prefecture.isBlank()) {
      throw new IllegalArgumentException(
          "prefecture_use: 'prefecture' is required: first, last, a code (19) or a name");
    }
    if (!prefecture.equals("first") && !prefecture.equals("last")) {
      byName(prefecture);
    }
    if (jimu == null) {
      throw new IllegalArgumentException("prefecture_use: 'jimu' is required (H5-02 …)");
    }
    StepValues.rated("prefecture_use", duration, rate);
    parallel = StepValues.parallel("prefecture_use", parallel);
  }

  private static Prefecture byName(String text) {
    return Municipalities.prefectures().stream()
        .filter(
            p ->
                p.code2().equals(text)
                    || p.code6().value().equals(text)
                    || p.name().equals(text)
                    || p.name().startsWith(text) && p.name().length() == text.length() + 1)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "prefecture_use: no prefecture '"
                        + text
                        + "': first, last, its code (19 or 190004) or name (山梨県)"));
  }

  /** The prefecture server this names in {@code topology}. */
  PeerId server(Topology topology) {
    if (prefecture.equals("first") || prefecture.equals("last")) {
      return NodeRef.parse("prefecture:" + prefecture).resolve(topology).id();
    }
    PeerId id = PeerId.prefecture(byName(prefecture).code6().value());
    if (topology.findNode(id).isEmpty()) {
      throw new IllegalArgumentException(
          "prefecture_use: the topology has no prefecture server " + id.name());
    }
    return id;
  }

  @Override
  public void check(ScenarioContext context) {
    Step.checkTimes(context, at, duration, rate);
    if (context.topology() == null) {
      return;
    }
    PeerId server = server(context.topology());
    PrefJimuRegistry registry = PrefJimuRegistry.forPrefecture(server.code().substring(0, 2));
    PrefJimu j =
        registry
            .byCode(jimu)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "prefecture_use: '"
                            + jimu
                            + "' is not a 事務 of "
                            + server.name()
                            + " (its 事務: "
                            + codes(registry.all())
                            + ")"));
    if (!registry.allowed(TERMINAL, j)) {
      throw new IllegalArgumentException(
          "prefecture_use: terminal "
              + TERMINAL
              + " of "
              + server.name()
              + " may not use "
              + jimu
              + " (it may use: "
              + codes(registry.all().stream().filter(x -> registry.allowed(TERMINAL, x)).toList())
              + ")");
    }
  }

  private static String codes(List<PrefJimu> jimu) {
    return jimu.stream().map(PrefJimu::code).collect(Collectors.joining(", "));
  }

  @Override
  public String describe() {
    return "prefecture_use " + prefecture + " " + jimu + " " + rate + " for " + duration;
  }
}
