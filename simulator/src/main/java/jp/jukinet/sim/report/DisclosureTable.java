package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.proto.CounterRow;

/**
 * 本人確認情報開示状況: one row per 年度 of the period (開示年月, the 年度 with its month span), the 開示 counted by
 * 請求方法 (来所 / 郵送) and by 受取方法 (来所 / 郵送), 計, and the 合計 row. 計 equals either pair's sum.
 *
 * @param title the heading
 * @param asOf 令和8年11月29日現在
 */
public record DisclosureTable(String title, String asOf, List<Row> rows, Row total) {
  static final String TITLE = "地方公共団体情報システム機構における本人確認情報開示状況";
  static final String IN_PERSON = "来所";
  static final String BY_POST = "郵送";

  public DisclosureTable {
    rows = List.copyOf(rows);
  }

  /**
   * @param period 開示年月: 令和2年度 (令和2年4月～令和3年3月), or 合計
   */
  public record Row(
      String period,
      long requestInPerson,
      long requestByPost,
      long receiveInPerson,
      long receiveByPost,
      long total) {
    Row plus(Row o) {
      return new Row(
          period,
          requestInPerson + o.requestInPerson,
          requestByPost + o.requestByPost,
          receiveInPerson + o.receiveInPerson,
          receiveByPost + o.receiveByPost,
          total + o.total);
    }
  }

  public static DisclosureTable of(
      Collection<CounterRow> counters, ReportPeriod period, LocalDate asOf) {
    Objects.requireNonNull(period, "period");
    List<Row> rows = new ArrayList<>();
    Row sum = new Row("合計", 0, 0, 0, 0, 0);
    for (int fy : period.fiscalYears()) {
      YearMonth from = max(YearMonth.of(fy, 4), period.from());
      YearMonth to = min(YearMonth.of(fy + 1, 3), period.to());
      String label =
          Wareki.fiscalYear(fy) + " (" + Wareki.yearMonth(from) + "～" + Wareki.yearMonth(to) + ")";
      Row row = new Row(label, 0, 0, 0, 0, 0);
      for (CounterRow c : counters) {
        YearMonth m = YearMonth.parse(c.getMonth());
        if (m.isBefore(from) || m.isAfter(to)) {
          continue;
        }
        long n = c.getCount();
        row =
            row.plus(
                new Row(
                    label,
                    IN_PERSON.equals(c.getRequestMethod()) ? n : 0,
                    BY_POST.equals(c.getRequestMethod()) ? n : 0,
                    IN_PERSON.equals(c.getReceiveMethod()) ? n : 0,
                    BY_POST.equals(c.getReceiveMethod()) ? n : 0,
                    n));
      }
      rows.add(row);
      sum = sum.plus(row);
    }
    return new DisclosureTable(TITLE, Wareki.date(asOf) + "現在", rows, sum);
  }

  private static YearMonth max(YearMonth a, YearMonth b) {
    return a.isAfter(b) ? a : b;
  }

  private static YearMonth min(YearMonth a, YearMonth b) {
    return a.isBefore(b) ? a : b;
  }

  public void print(PrintWriter out) {
    out.println(title);
    out.println();
    out.println(asOf);
    out.println();
    TextTable table =
        new TextTable(
            List.of(
                TextTable.Column.left("開示年月", 42),
                TextTable.Column.right("請求方法\n来所", 8),
                TextTable.Column.right("\n郵送", 8),
                TextTable.Column.right("受取方法\n来所", 8),
                TextTable.Column.right("\n郵送", 8),
                TextTable.Column.right("計", 8)));
    for (Row r : rows) {
      add(table, r);
    }
    add(table, total);
    table.print(out);
  }

  private static void add(TextTable table, Row r) {
    table.row(
        r.period(),
        ReportNames.count(r.requestInPerson()),
        ReportNames.count(r.requestByPost()),
        ReportNames.count(r.receiveInPerson()),
        ReportNames.count(r.receiveByPost()),
        ReportNames.count(r.total()));
  }

  public void csv(PrintWriter out) {
    Csv.line(out, "開示年月", "請求方法 来所", "請求方法 郵送", "受取方法 来所", "受取方法 郵送", "計");
    for (Row r : rows) {
      csvRow(out, r);
    }
    csvRow(out, total);
  }

  private static void csvRow(PrintWriter out, Row r) {
    Csv.line(
        out,
        r.period(),
        r.requestInPerson(),
        r.requestByPost(),
        r.receiveInPerson(),
        r.receiveByPost(),
        r.total());
  }
}
