package jp.jukinet.sim.cli.report;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.pref.use.PrefJimuRegistry;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.sim.cli.PrefectureArgument;
import jp.jukinet.sim.report.DisclosureTable;
import jp.jukinet.sim.report.PrefUseByYear;
import jp.jukinet.sim.report.PrefUseStatement;
import jp.jukinet.sim.report.PrefUseSummary;
import jp.jukinet.sim.report.ProvisionAnnouncement;
import jp.jukinet.sim.report.ProvisionTotals;
import jp.jukinet.sim.report.ProvisionsText;
import jp.jukinet.sim.report.RefusalList;
import jp.jukinet.sim.report.ReportClient;
import jp.jukinet.sim.report.ReportException;
import jp.jukinet.sim.report.ReportPeriod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The subcommands of {@code jukinet report}. */
final class ReportCommands {
  private ReportCommands() {}

  @Command(
      name = "provisions",
      description =
          "国の行政機関等への提供: the 官報 announcement (提供先 × 提供年月 × 提供方法) and the totals per 提供先 × 事務区分, "
              + "from the national server's counters. --csv prints the announcement's rows (with --totals, the totals').")
  static final class Provisions extends ReportSubcommand {
    @Option(names = "--totals", description = "Only the totals per 提供先 × 事務区分.")
    boolean totalsOnly;

    @Override
    Output report(ReportClient client, Nodes nodes, ReportPeriod period)
        throws ReportException, InterruptedException {
      PeerId national = PeerId.national();
      List<CounterRow> rows =
          client.counters(
              national, nodes.address(national), ReportKind.REPORT_KIND_PROVISIONS, period);
      ProvisionAnnouncement announcement = ProvisionAnnouncement.of(rows, period, today());
      ProvisionTotals totals = ProvisionTotals.of(rows, period);
      if (totalsOnly) {
        return new Output(totals, totals::print, totals::csv);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("announcement", announcement);
      json.put("totals", totals);
      return new Output(
          json, out -> ProvisionsText.print(out, announcement, totals), announcement::csv);
    }
  }

  @Command(
      name = "prefecture-use",
      description =
          "都道府県知事の利用・提供: 業務の所管及び利用提供状況 per 事務, 利用・提供実績 per 事務 and 年度, and the 利用・提供 totals "
              + "by legal basis with their monthly detail, from the prefecture server's counters. --csv prints the "
              + "monthly detail.")
  static final class PrefectureUse extends ReportSubcommand {
    @Option(
        names = "--pref",
        required = true,
        paramLabel = "<prefecture>",
        description = "The prefecture: code (19, 190004) or name (山梨県).")
    String pref;

    @Override
    Output report(ReportClient client, Nodes nodes, ReportPeriod period)
        throws ReportException, InterruptedException {
      Prefecture p = PrefectureArgument.resolve(pref);
      PeerId server = PeerId.prefecture(p.code6().value());
      List<CounterRow> rows =
          client.counters(
              server, nodes.address(server), ReportKind.REPORT_KIND_PREFECTURE_USE, period);
      PrefJimuRegistry registry = PrefJimuRegistry.forPrefecture(p.code2());
      PrefUseSummary summary = PrefUseSummary.of(p.name(), registry, rows, period);
      PrefUseStatement statement = PrefUseStatement.of(p.name(), registry, rows, period);
      PrefUseByYear byYear = PrefUseByYear.of(p.name(), registry, rows, period);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("summary", summary);
      json.put("statement", statement);
      json.put("by_year", byYear);
      return new Output(
          json,
          out -> {
            summary.print(out);
            pageBreak(out);
            byYear.print(out);
            pageBreak(out);
            statement.print(out);
          },
          statement::csv);
    }
  }

  @Command(
      name = "disclosures",
      description = "開示: 本人確認情報開示状況 per 年度 by 請求方法 and 受取方法, from the national server's counters.")
  static final class Disclosures extends ReportSubcommand {
    @Override
    Output report(ReportClient client, Nodes nodes, ReportPeriod period)
        throws ReportException, InterruptedException {
      PeerId national = PeerId.national();
      DisclosureTable table =
          DisclosureTable.of(
              client.counters(
                  national, nodes.address(national), ReportKind.REPORT_KIND_DISCLOSURES, period),
              period,
              today());
      return new Output(table, table::print, table::csv);
    }
  }

  @Command(
      name = "refusals",
      description =
          "提供拒否: the security log of the national server (or, with --pref, of a prefecture server) in the period.")
  static final class Refusals extends ReportSubcommand {
    @Option(
        names = "--pref",
        paramLabel = "<prefecture>",
        description =
            "Read this prefecture server's security log instead of the national server's.")
    String pref;

    @Override
    Output report(ReportClient client, Nodes nodes, ReportPeriod period)
        throws ReportException, InterruptedException {
      PeerId node =
          pref == null
              ? PeerId.national()
              : PeerId.prefecture(PrefectureArgument.resolve(pref).code6().value());
      List<SecurityEvent> events = client.refusals(node, nodes.address(node), period);
      RefusalList list = RefusalList.of(node.name(), events, period);
      return new Output(list, list::print, list::csv);
    }
  }

  private static void pageBreak(PrintWriter out) {
    out.println();
    out.println();
  }
}
