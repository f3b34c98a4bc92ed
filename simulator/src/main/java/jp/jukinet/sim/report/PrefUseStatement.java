package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import jp.jukinet.pref.use.PrefBasis;
import jp.jukinet.pref.use.PrefJimu;
import jp.jukinet.pref.use.PrefJimuRegistry;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * 知事の本人確認情報の利用状況・提供状況: the totals by 利用区分 and by 提供区分 (each naming its legal basis), then per basis
 * the monthly detail (名称 | 年月 | 件数 for use, 名称 | 提供先 | 年月 | 件数 for provision) with its 小計.
 */
public record PrefUseStatement(
    String prefecture,
    String period,
    List<Section> use,
    long useTotal,
    List<Section> provision,
    long provisionTotal) {
  public PrefUseStatement {
    use = List.copyOf(use);
    provision = List.copyOf(provision);
  }

  /**
   * One 利用区分 or 提供区分.
   *
   * @param heading what was used or provided under which article
   * @param lines the months with provisions, in registry then month order
   */
  public record Section(String basis, String heading, List<Line> lines, long subtotal) {
    public Section {
      lines = List.copyOf(lines);
    }
  }

  /**
   * @param month YYYY-MM
   * @param recipient 提供先 (provision only)
   */
  public record Line(String jimuCode, String jimu, String recipient, String month, long count) {}

  static String heading(PrefBasis basis) {
    String what =
        switch (basis) {
          case BETSUHYO1 -> "住民基本台帳法別表第1に掲げる事務の処理に関し、本人確認情報を利用したもの";
          case BETSUHYO5 -> "知事が、住民基本台帳法別表第5に掲げる事務の処理に関し、本人確認情報を利用したもの";
          case JOREI -> "知事が、条例に定める事務の処理に関し、本人確認情報を利用したもの";
          case CONSENT -> "知事が、本人が同意した事務において本人確認情報を利用したもの";
          case ART30_13 -> "知事が、条例に定める事務の処理に関し、市町村の長からの求めに応じて本人確認情報を提供したもの";
          case BETSUHYO6 -> "知事が、住民基本台帳法別表第6に掲げる事務の処理に関し、他の執行機関からの求めに応じて本人確認情報を提供したもの";
          case JOREI_ORGAN -> "知事が、条例に定める事務の処理に関し、他の執行機関からの求めに応じて本人確認情報を提供したもの";
        };
    return what
        + " (住民基本台帳法"
        + basis.article()
        + "の規定に基づく"
        + (basis.provision() ? "提供" : "利用")
        + ")";
  }

  public static PrefUseStatement of(
      String prefecture,
      PrefJimuRegistry registry,
      Collection<CounterRow> counters,
      ReportPeriod period) {
    PrefUseCounts counts = PrefUseCounts.of(counters, period);
    List<Section> use = new ArrayList<>();
    List<Section> provision = new ArrayList<>();
    for (PrefBasis basis : PrefBasis.values()) {
      List<PrefJimu> jimu = registry.all().stream().filter(j -> j.basis() == basis).toList();
      if (jimu.isEmpty()) {
        continue;
      }
      List<Line> lines = new ArrayList<>();
      long subtotal = 0;
      for (PrefJimu j : jimu) {
        for (Map.Entry<String, Long> m : counts.months(j.code()).entrySet()) {
          lines.add(new Line(j.code(), j.text(), j.recipient(), m.getKey(), m.getValue()));
          subtotal += m.getValue();
        }
      }
      (basis.provision() ? provision : use)
          .add(new Section(basis.label(), heading(basis), lines, subtotal));
    }
    return new PrefUseStatement(
        prefecture,
        period.label(),
        use,
        use.stream().mapToLong(Section::subtotal).sum(),
        provision,
        provision.stream().mapToLong(Section::subtotal).sum());
  }

  public void print(PrintWriter out) {
    out.println(prefecture + "  本人確認情報の利用・提供状況（" + period + "）");
    out.println();
    totals(out, "1 知事の本人確認情報の利用状況（総括）", "利用区分", "利用件数", use, useTotal);
    totals(out, "2 知事の本人確認情報の提供状況（総括）", "提供区分", "提供件数", provision, provisionTotal);
    detail(out, "3 知事の本人確認情報の利用状況", use, false);
    detail(out, "4 知事の本人確認情報の提供状況", provision, true);
  }

  private static void totals(
      PrintWriter out,
      String title,
      String kind,
      String countHeading,
      List<Section> sections,
      long total) {
    out.println(title);
    TextTable table =
        new TextTable(
            List.of(TextTable.Column.left(kind, 70), TextTable.Column.right(countHeading, 12)));
    int n = 1;
    for (Section s : sections) {
      table.row("(" + n++ + ") " + s.heading(), ReportNames.count(s.subtotal()));
    }
    table.row("合計", ReportNames.count(total));
    table.print(out);
    out.println();
  }

  private static void detail(
      PrintWriter out, String title, List<Section> sections, boolean provision) {
    int n = 1;
    for (Section s : sections) {
      out.println(title);
      out.println("(" + n++ + ") " + s.heading());
      List<TextTable.Column> columns = new ArrayList<>();
      columns.add(TextTable.Column.left("名称", 44));
      if (provision) {
        columns.add(TextTable.Column.left("提供先", 18));
      }
      columns.add(TextTable.Column.left("年月", 14));
      columns.add(TextTable.Column.right("件数", 11));
      TextTable table = new TextTable(columns);
      String last = null;
      for (Line l : s.lines()) {
        List<String> cells = new ArrayList<>();
        boolean first = !l.jimuCode().equals(last);
        cells.add(first ? l.jimu() : "");
        if (provision) {
          cells.add(first ? l.recipient() : "");
        }
        cells.add(Wareki.yearMonth(YearMonth.parse(l.month())));
        cells.add(ReportNames.count(l.count()));
        table.row(cells.toArray(String[]::new));
        last = l.jimuCode();
      }
      List<String> subtotal = new ArrayList<>(List.of("小計"));
      if (provision) {
        subtotal.add("");
      }
      subtotal.add("");
      subtotal.add(ReportNames.count(s.subtotal()));
      table.row(subtotal.toArray(String[]::new));
      table.print(out);
      out.println();
    }
  }

  /** One line per 事務 × month: 区分 (利用/提供), 根拠, 事務コード, 名称, 提供先, 年月, 件数. */
  public void csv(PrintWriter out) {
    Csv.line(out, "区分", "根拠", "事務コード", "名称", "提供先", "年月", "件数");
    csvSections(out, "利用", use);
    csvSections(out, "提供", provision);
  }

  private static void csvSections(PrintWriter out, String kind, List<Section> sections) {
    for (Section s : sections) {
      for (Line l : s.lines()) {
        Csv.line(out, kind, s.basis(), l.jimuCode(), l.jimu(), l.recipient(), l.month(), l.count());
      }
    }
  }
}
