package jp.jukinet.sim.cli.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CommandResult;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.JsonMixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jukinet agencies}: the national server's registry of 提供先 — each agency, the 事務 it is
 * registered for (J01…J68) and the 提供方法 it may use for each.
 */
@Command(
    name = "agencies",
    description =
        "List the 提供先 (agencies), the 事務 each may receive 本人確認情報 for, and the methods it may use.")
public final class AgenciesCommand extends BaseCommand {
  /** Characters of a 事務's text shown in the table (--json has it whole). */
  static final int TEXT_CHARS = 48;

  @Mixin JsonMixin json;

  @Override
  public Integer call() {
    AgencyRegistry registry = AgencyRegistry.load();
    List<Map<String, Object>> agencies = new ArrayList<>();
    for (AgencyRegistry.Entry e : registry.entries()) {
      List<Map<String, Object>> jimu = new ArrayList<>();
      for (AgencyRegistry.Registration r : e.registrations()) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("code", r.jimu().id());
        j.put("text", r.jimu().text());
        j.put("methods", r.methods().stream().map(AgencyRegistry::word).toList());
        j.put("fy2020_count", r.jimu().fy2020Count());
        jimu.add(j);
      }
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", e.agency().id());
      a.put("certificate", "agency-" + e.agency().id());
      a.put("name", e.agency().name());
      a.put("jimu", jimu);
      agencies.add(a);
    }
    emit(
        json,
        CommandResult.of(
            Map.of("agencies", agencies),
            out -> {
              out.printf("%-4s %-4s %-22s %s%n", "提供先", "事務", "提供方法", "提供先名 / 事務区分");
              for (AgencyRegistry.Entry e : registry.entries()) {
                out.printf("%-4s %s%n", e.agency().id(), e.agency().name());
                for (AgencyRegistry.Registration r : e.registrations()) {
                  out.printf(
                      "     %-4s %-22s %s%n",
                      r.jimu().id(),
                      String.join(",", r.methods().stream().map(AgencyRegistry::word).toList()),
                      shortened(r.jimu().text()));
                }
              }
              out.printf(
                  "%d agencies, %d 事務; methods: immediate = 即時提供, line = 電気通信回線, media = 磁気媒体%n",
                  registry.entries().size(),
                  registry.entries().stream().mapToInt(e -> e.registrations().size()).sum());
            }));
    return ExitCodes.OK;
  }

  private static String shortened(String text) {
    return text.codePointCount(0, text.length()) <= TEXT_CHARS
        ? text
        : text.substring(0, text.offsetByCodePoints(0, TEXT_CHARS)) + "…";
  }
}
