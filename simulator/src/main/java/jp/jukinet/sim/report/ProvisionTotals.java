package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Agency;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * 国の行政機関等に対する本人確認情報の提供状況: 提供先 | 事務区分 | 提供件数(件) for every 事務 of the registry in table order (0 when
 * none was made), the 提供先 printed where it changes, and the 計 row.
 *
 * @param title with the period, e.g. 国の行政機関等に対する本人確認情報の提供状況(令和2年度)
 */
public record ProvisionTotals(String title, List<Row> rows, long total) {
  public ProvisionTotals {
    rows = List.copyOf(rows);
  }

  /**
   * One 事務.
   *
   * @param agencyId A01… (empty for a requester that is no agency)
   */
  public record Row(String agencyId, String agency, String jimuCode, String jimu, long count) {}

  public static ProvisionTotals of(Collection<CounterRow> counters, ReportPeriod period) {
    Objects.requireNonNull(period, "period");
    Map<String, Long> byJimu = new LinkedHashMap<>();
    Map<String, String> requesterOfUnknown = new LinkedHashMap<>();
    long total = 0;
    for (CounterRow c : counters) {
      if (!period.contains(YearMonth.parse(c.getMonth()))) {
        continue;
      }
      byJimu.merge(c.getJimuCode(), c.getCount(), Long::sum);
      if (ReportNames.jimu(c.getJimuCode()).isEmpty()) {
        requesterOfUnknown.putIfAbsent(c.getJimuCode(), c.getRequester());
      }
      total += c.getCount();
    }
    List<Row> rows = new ArrayList<>();
    for (Jimu j : Agencies.jimu()) {
      Agency a = Agencies.byId(j.agencyId()).orElseThrow();
      rows.add(new Row(a.id(), a.name(), j.id(), j.text(), byJimu.getOrDefault(j.id(), 0L)));
    }
    // counters for 事務 this table does not know (another registry's) still add up to 計
    requesterOfUnknown.forEach(
        (code, requester) -> rows.add(new Row("", requester, code, code, byJimu.get(code))));
    return new ProvisionTotals("国の行政機関等に対する本人確認情報の提供状況(" + period.label() + ")", rows, total);
  }

  public void print(PrintWriter out) {
    out.println(title);
    out.println();
    TextTable table =
        new TextTable(
            List.of(
                TextTable.Column.left("提供先", 30),
                TextTable.Column.left("事務区分", 60),
                TextTable.Column.right("提供件数(件)", 15)));
    String last = null;
    for (Row r : rows) {
      table.row(r.agency().equals(last) ? "" : r.agency(), r.jimu(), ReportNames.count(r.count()));
      last = r.agency();
    }
    table.row("計", "", ReportNames.count(total));
    table.print(out);
  }

  /** 提供先, 事務コード, 事務区分, 提供件数, and the 計 line. */
  public void csv(PrintWriter out) {
    Csv.line(out, "提供先", "事務コード", "事務区分", "提供件数");
    for (Row r : rows) {
      Csv.line(out, r.agency(), r.jimuCode(), r.jimu(), r.count());
    }
    Csv.line(out, "計", "", "", total);
  }
}
