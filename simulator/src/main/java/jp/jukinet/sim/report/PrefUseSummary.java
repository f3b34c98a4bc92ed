package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import jp.jukinet.pref.use.PrefBasis;
import jp.jukinet.pref.use.PrefJimu;
import jp.jukinet.pref.use.PrefJimuRegistry;
import jp.jukinet.pref.use.PrefOffice;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * 業務の所管及び利用提供状況: every 事務 of the prefecture's registry grouped by legal basis, with its 法律, 事務略称,
 * 所管 (one line per office) and 登録人数 (per office), and its 件数 in the period; 合計 of users and 件数.
 *
 * @param prefecture e.g. 山梨県
 */
public record PrefUseSummary(
    String title, String prefecture, List<Row> rows, int users, long total) {
  public PrefUseSummary {
    rows = List.copyOf(rows);
  }

  /**
   * @param users per office, -1 where the registry does not say
   */
  public record Row(
      String group,
      String jimuCode,
      String law,
      String jimu,
      List<String> offices,
      List<Integer> users,
      long count) {
    public Row {
      offices = List.copyOf(offices);
      users = List.copyOf(users);
    }
  }

  /** The row group a basis is printed under, as 別紙2 groups them. */
  static String group(PrefBasis basis) {
    return switch (basis) {
      case BETSUHYO1 -> "別表第一 (第30条の9関係)";
      case BETSUHYO5, BETSUHYO6 -> "別表第五 (第30条の15第1項第1号関係) 又は 別表第六 (第30条の15第2項第1号関係)";
      case JOREI, JOREI_ORGAN, ART30_13 -> "条例で定める事務 (第30条の15第1項第2号、同条第2項第2号 又は 第30条の13関係)";
      case CONSENT -> "本人の同意 (第30条の15第1項第3号関係)";
    };
  }

  private static int groupOrder(PrefBasis basis) {
    return switch (basis) {
      case BETSUHYO1 -> 0;
      case BETSUHYO5, BETSUHYO6 -> 1;
      case JOREI, JOREI_ORGAN, ART30_13 -> 2;
      case CONSENT -> 3;
    };
  }

  public static PrefUseSummary of(
      String prefecture,
      PrefJimuRegistry registry,
      Collection<CounterRow> counters,
      ReportPeriod period) {
    PrefUseCounts counts = PrefUseCounts.of(counters, period);
    List<Row> rows = new ArrayList<>();
    int users = 0;
    long total = 0;
    List<PrefJimu> ordered =
        registry.all().stream()
            .sorted(Comparator.comparingInt(j -> groupOrder(j.basis())))
            .toList();
    for (PrefJimu j : ordered) {
      long n = counts.total(j.code());
      rows.add(
          new Row(
              group(j.basis()),
              j.code(),
              j.law(),
              j.text(),
              j.offices().stream().map(PrefOffice::name).toList(),
              j.offices().stream().map(PrefOffice::users).toList(),
              n));
      users += j.users();
      total += n;
    }
    return new PrefUseSummary(
        "業務の所管及び利用提供状況（" + period.label() + "）", prefecture, rows, users, total);
  }

  public void print(PrintWriter out) {
    out.println(prefecture + "  " + title);
    out.println();
    TextTable table =
        new TextTable(
            List.of(
                TextTable.Column.left("区分", 36),
                TextTable.Column.left("コード", 6),
                TextTable.Column.left("法律", 20),
                TextTable.Column.left("事務略称", 40),
                TextTable.Column.left("所管", 26),
                TextTable.Column.right("登録人数", 8),
                TextTable.Column.right("件数", 11)));
    String last = null;
    for (Row r : rows) {
      table.rowOfLines(
          List.of(
              List.of(r.group().equals(last) ? "" : r.group().replace(" 又は ", "\n又は\n")),
              List.of(r.jimuCode()),
              List.of(r.law()),
              List.of(r.jimu()),
              r.offices(),
              r.users().stream().map(u -> u < 0 ? "-" : Integer.toString(u)).toList(),
              List.of(ReportNames.count(r.count()))));
      last = r.group();
    }
    table.row("合計", "", "", "", "", Integer.toString(users), ReportNames.count(total));
    table.print(out);
  }

  /** One line per 事務 × office (the 件数 on the 事務's first office only), and 合計. */
  public void csv(PrintWriter out) {
    Csv.line(out, "区分", "事務コード", "法律", "事務略称", "所管", "登録人数", "件数");
    for (Row r : rows) {
      for (int i = 0; i < r.offices().size(); i++) {
        int u = r.users().get(i);
        Csv.line(
            out,
            r.group(),
            r.jimuCode(),
            r.law(),
            r.jimu(),
            r.offices().get(i),
            u < 0 ? "" : u,
            i == 0 ? Long.toString(r.count()) : "");
      }
    }
    Csv.line(out, "合計", "", "", "", "", users, total);
  }
}
