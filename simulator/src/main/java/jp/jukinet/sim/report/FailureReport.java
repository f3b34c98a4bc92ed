package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * ネットワーク機器等の障害一覧: 【原因区分別一覧】, the failures counted by 原因区分 and by the month they began in (one table
 * per calendar year the period touches, with 計 column and row), and 【障害状況一覧】, one row per failure
 * (区分 発見 or 通報, 発生 and 回復 date and time in Japan, 団体コード, 団体名, 原因区分, 障害内容, 対応結果), or the single row
 * 「障害なし」.
 *
 * @param title ネットワーク機器等の障害一覧(令和2年)
 */
public record FailureReport(String title, List<CauseTable> byCause, List<Row> rows) {
  /** 原因区分, in the order the report lists them. */
  public static final List<String> CAUSES =
      List.of("IP-VPN", "アクセス区間", "ルータ", "SW-HUB", "処理装置", "外部要因", "その他・不明");

  public static final String FOUND = "発見";
  public static final String REPORTED = "通報";
  static final String NONE = "障害なし";

  public FailureReport {
    byCause = List.copyOf(byCause);
    rows = List.copyOf(rows);
  }

  /**
   * One failure.
   *
   * @param division 発見 (the network noticed it itself) or 通報 (only the operator knew)
   * @param occurredDate 2020-06-14 (Japan)
   * @param occurredTime 09:00:05
   * @param recoveredDate empty when no recovery was seen
   * @param code 団体コード, empty for the national server
   */
  public record Row(
      String division,
      String occurredDate,
      String occurredTime,
      String recoveredDate,
      String recoveredTime,
      String code,
      String name,
      String cause,
      String content,
      String result) {
    public Row {
      if (!FOUND.equals(division) && !REPORTED.equals(division)) {
        throw new IllegalArgumentException("区分 " + division + " is neither 発見 nor 通報");
      }
      if (!CAUSES.contains(cause)) {
        throw new IllegalArgumentException("原因区分 " + cause + " is not one of " + CAUSES);
      }
      LocalDate.parse(occurredDate);
    }

    String[] cells() {
      return new String[] {
        division,
        occurredDate,
        occurredTime,
        recoveredDate,
        recoveredTime,
        code,
        name,
        cause,
        content,
        result
      };
    }

    YearMonth month() {
      return YearMonth.from(LocalDate.parse(occurredDate));
    }
  }

  /** One cause's counts per month (index 0 = 1月) and their sum. */
  public record CauseCount(String cause, List<Integer> months, int total) {}

  /** 【原因区分別一覧】 of one year; {@code total} is the 計 row. */
  public record CauseTable(int year, String era, List<CauseCount> causes, CauseCount total) {}

  /**
   * The report of {@code rows} over the years from {@code from} to {@code to} (and any year a row
   * began in).
   */
  public static FailureReport of(List<Row> rows, YearMonth from, YearMonth to) {
    Objects.requireNonNull(rows, "rows");
    SortedSet<Integer> years = new TreeSet<>();
    for (int y = from.getYear(); y <= to.getYear(); y++) {
      years.add(y);
    }
    rows.forEach(r -> years.add(r.month().getYear()));
    List<CauseTable> tables = new ArrayList<>();
    for (int year : years) {
      tables.add(table(year, rows));
    }
    String first = Wareki.year(YearMonth.of(years.first(), 12));
    String last = Wareki.year(YearMonth.of(years.last(), 12));
    String span = first.equals(last) ? first : first + "～" + last;
    return new FailureReport("ネットワーク機器等の障害一覧(" + span + ")", tables, rows);
  }

  private static CauseTable table(int year, List<Row> rows) {
    List<CauseCount> causes = new ArrayList<>();
    int[] sums = new int[12];
    for (String cause : CAUSES) {
      int[] months = new int[12];
      for (Row r : rows) {
        if (r.cause().equals(cause) && r.month().getYear() == year) {
          months[r.month().getMonthValue() - 1]++;
          sums[r.month().getMonthValue() - 1]++;
        }
      }
      causes.add(count(cause, months));
    }
    return new CauseTable(year, Wareki.year(YearMonth.of(year, 12)), causes, count("計", sums));
  }

  private static CauseCount count(String cause, int[] months) {
    List<Integer> list = new ArrayList<>();
    int total = 0;
    for (int n : months) {
      list.add(n);
      total += n;
    }
    return new CauseCount(cause, list, total);
  }

  public void print(PrintWriter out) {
    out.println(title);
    out.println();
    out.println("【原因区分別一覧】");
    for (CauseTable t : byCause) {
      out.println();
      List<TextTable.Column> columns = new ArrayList<>();
      columns.add(TextTable.Column.left("区分", 12));
      for (int m = 1; m <= 12; m++) {
        columns.add(TextTable.Column.right((m == 1 ? t.era() : "") + "\n" + m + "月", 4));
      }
      columns.add(TextTable.Column.right("\n計", 4));
      TextTable table = new TextTable(columns);
      for (CauseCount c : t.causes()) {
        table.row(cells(c));
      }
      table.row(cells(t.total()));
      table.print(out);
    }
    out.println();
    out.println("アクセス区間：CS～県サーバ間の回線      IP-VPN：県サーバ～全国サーバ間の回線");
    out.println();
    out.println("【障害状況一覧】");
    out.println();
    TextTable list =
        new TextTable(
            List.of(
                TextTable.Column.left("区分", 8),
                TextTable.Column.left("発生\n日付", 10),
                TextTable.Column.left("\n時間", 8),
                TextTable.Column.left("回復\n日付", 10),
                TextTable.Column.left("\n時間", 8),
                TextTable.Column.left("団体コード", 10),
                TextTable.Column.left("団体名", 10),
                TextTable.Column.left("原因区分", 12),
                TextTable.Column.left("障害内容", 36),
                TextTable.Column.left("対応結果", 24)));
    if (rows.isEmpty()) {
      list.row(NONE, "", "", "", "", "", "", "", "", "");
    }
    for (Row r : rows) {
      list.row(r.cells());
    }
    list.print(out);
    out.println();
    out.println("発見：ネットワーク（各サーバ・監視端末）にて発見      通報：運用者からの通報");
  }

  private static String[] cells(CauseCount c) {
    String[] cells = new String[14];
    cells[0] = c.cause();
    for (int m = 0; m < 12; m++) {
      cells[m + 1] = Integer.toString(c.months().get(m));
    }
    cells[13] = Integer.toString(c.total());
    return cells;
  }

  /** 【障害状況一覧】's rows (none when there were no failures). */
  public void csv(PrintWriter out) {
    Csv.line(out, "区分", "発生日付", "発生時間", "回復日付", "回復時間", "団体コード", "団体名", "原因区分", "障害内容", "対応結果");
    for (Row r : rows) {
      Csv.line(out, (Object[]) r.cells());
    }
  }
}
