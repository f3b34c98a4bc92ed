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
import jp.jukinet.pref.use.PrefOffice;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * 本人確認情報の利用・提供実績 per 事務 and 年度: No. | 事務 | 所管課 | 利用開始時期 | one column per 年度 of the period | 計, in
 * two tables, the 事務 of the law (別表第一・第五・第六) and those of the ordinance (条例, including provision to
 * other organs and to municipalities); a provision names its 提供先. 本人同意 has no row here (it is
 * counted in the statement by basis).
 */
public record PrefUseByYear(String prefecture, List<String> years, List<Table> tables) {
  public PrefUseByYear {
    years = List.copyOf(years);
    tables = List.copyOf(tables);
  }

  /**
   * @param totals per 年度, the column sums
   */
  public record Table(String title, List<Row> rows, List<Long> totals) {
    public Table {
      rows = List.copyOf(rows);
      totals = List.copyOf(totals);
    }
  }

  /**
   * @param counts per 年度 of the period, in order
   */
  public record Row(
      int no, String jimuCode, String jimu, String offices, String since, List<Long> counts) {
    public Row {
      counts = List.copyOf(counts);
    }
  }

  public static PrefUseByYear of(
      String prefecture,
      PrefJimuRegistry registry,
      Collection<CounterRow> counters,
      ReportPeriod period) {
    PrefUseCounts counts = PrefUseCounts.of(counters, period);
    List<Integer> fys = period.fiscalYears();
    List<Table> tables = new ArrayList<>();
    tables.add(
        table(
            "住民基本台帳法に規定されている事務における本人確認情報の利用・提供実績",
            registry,
            counts,
            fys,
            List.of(PrefBasis.BETSUHYO1, PrefBasis.BETSUHYO5, PrefBasis.BETSUHYO6)));
    tables.add(
        table(
            "条例に規定されている事務における本人確認情報の利用・提供実績",
            registry,
            counts,
            fys,
            List.of(PrefBasis.JOREI, PrefBasis.JOREI_ORGAN, PrefBasis.ART30_13)));
    return new PrefUseByYear(
        prefecture, fys.stream().map(Wareki::fiscalYearShort).toList(), tables);
  }

  private static Table table(
      String title,
      PrefJimuRegistry registry,
      PrefUseCounts counts,
      List<Integer> fys,
      List<PrefBasis> bases) {
    List<Row> rows = new ArrayList<>();
    long[] totals = new long[fys.size()];
    for (PrefJimu j : registry.all()) {
      if (!bases.contains(j.basis())) {
        continue;
      }
      long[] byYear = new long[fys.size()];
      for (Map.Entry<String, Long> m : counts.months(j.code()).entrySet()) {
        int i = fys.indexOf(ReportPeriod.fiscalYearOf(YearMonth.parse(m.getKey())));
        byYear[i] += m.getValue();
        totals[i] += m.getValue();
      }
      String jimu = j.recipient().isEmpty() ? j.text() : j.text() + " (" + j.recipient() + "への提供)";
      rows.add(
          new Row(
              rows.size() + 1,
              j.code(),
              jimu,
              String.join("・", j.offices().stream().map(PrefOffice::name).toList()),
              j.since(),
              java.util.Arrays.stream(byYear).boxed().toList()));
    }
    return new Table(title, rows, java.util.Arrays.stream(totals).boxed().toList());
  }

  public void print(PrintWriter out) {
    for (Table t : tables) {
      out.println(prefecture + "  " + t.title());
      List<TextTable.Column> columns = new ArrayList<>();
      columns.add(TextTable.Column.right("No.", 4));
      columns.add(TextTable.Column.left("事務", 44));
      columns.add(TextTable.Column.left("所管課", 26));
      columns.add(TextTable.Column.left("利用開始\n時期", 8));
      for (String y : years) {
        columns.add(TextTable.Column.right("年度\n" + y, 11));
      }
      TextTable table = new TextTable(columns);
      for (Row r : t.rows()) {
        List<String> cells =
            new ArrayList<>(List.of(Integer.toString(r.no()), r.jimu(), r.offices(), r.since()));
        r.counts().forEach(n -> cells.add(ReportNames.count(n)));
        table.row(cells.toArray(String[]::new));
      }
      List<String> sum = new ArrayList<>(List.of("", "計", "", ""));
      t.totals().forEach(n -> sum.add(ReportNames.count(n)));
      table.row(sum.toArray(String[]::new));
      table.print(out);
      out.println();
    }
  }
}
