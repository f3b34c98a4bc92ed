package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.jukinet.protocol.data.Agency;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * 本人確認情報の提供状況に関する公告: the 官報 announcement layout (one row per 提供先 × 提供年月 × 提供方法; the 提供先 and its 事務
 * printed once over their rows; the era year of 提供年月 printed only when it changes within a 提供先;
 * 提供件数合計 and the note on 提供方法 below). The issuer is today's 地方公共団体情報システム機構, where the 2013 notice
 * names the 指定情報処理機関.
 *
 * @param title the heading
 * @param preamble the sentence that says under what and for which months
 * @param issued the date of the announcement, 和暦
 * @param issuer who announces
 * @param blocks one per 提供先 with provisions in the period, in agency order
 * @param total 提供件数合計
 * @param note the closing note on 提供方法
 */
public record ProvisionAnnouncement(
    String title,
    String preamble,
    String issued,
    String issuer,
    List<Block> blocks,
    long total,
    String note) {
  static final String TITLE = "地方公共団体情報システム機構における本人確認情報の提供状況に関する公告";
  static final String ISSUER = "地方公共団体情報システム機構";
  static final String NOTE =
      "(注)提供方法欄の「磁気媒体」とあるのは、「磁気媒体による一括提供」であり、「電気通信回線」とあるのは、" + "「電気通信回線による一括提供」である。";

  public ProvisionAnnouncement {
    blocks = List.copyOf(blocks);
  }

  /**
   * One 提供先 and its rows.
   *
   * @param requester the certificate name the counters carry ({@code agency-A05})
   * @param agency the 提供先 as the table prints it (the requester's name when it is no agency)
   * @param jimu the 事務 it received provisions for in the period, in table order
   */
  public record Block(String requester, String agency, List<String> jimu, List<Line> lines) {
    public Block {
      jimu = List.copyOf(jimu);
      lines = List.copyOf(lines);
    }
  }

  /**
   * One row.
   *
   * @param month YYYY-MM
   * @param printed 提供年月 as printed (令和2年9月, or 10月 when the era year did not change)
   */
  public record Line(String month, String printed, long count, String method) {}

  /** The layout of {@code counters} falling in {@code period}, announced on {@code issued}. */
  public static ProvisionAnnouncement of(
      Collection<CounterRow> counters, ReportPeriod period, LocalDate issued) {
    Objects.requireNonNull(period, "period");
    // requester → (month, method) → count, and requester → 事務 codes
    Map<String, TreeMap<String, Long>> byRequester = new TreeMap<>(REQUESTER_ORDER);
    Map<String, TreeSet<String>> jimuByRequester = new TreeMap<>();
    long total = 0;
    for (CounterRow c : counters) {
      if (c.getCount() == 0 || !period.contains(YearMonth.parse(c.getMonth()))) {
        continue;
      }
      String key = c.getMonth() + "/" + c.getMethod().getNumber();
      byRequester
          .computeIfAbsent(c.getRequester(), r -> new TreeMap<>())
          .merge(key, c.getCount(), Long::sum);
      jimuByRequester.computeIfAbsent(c.getRequester(), r -> new TreeSet<>()).add(c.getJimuCode());
      total += c.getCount();
    }
    List<Block> blocks = new ArrayList<>();
    byRequester.forEach(
        (requester, cells) -> {
          List<Line> lines = new ArrayList<>();
          String lastYear = null;
          for (Map.Entry<String, Long> cell : cells.entrySet()) {
            YearMonth month = YearMonth.parse(cell.getKey().substring(0, 7));
            ProvisionMethod method =
                ProvisionMethod.forNumber(Integer.parseInt(cell.getKey().substring(8)));
            String year = Wareki.year(month);
            String printed = year.equals(lastYear) ? Wareki.month(month) : Wareki.yearMonth(month);
            lastYear = year;
            lines.add(
                new Line(month.toString(), printed, cell.getValue(), ReportNames.method(method)));
          }
          List<String> jimu =
              jimuByRequester.get(requester).stream()
                  .map(code -> ReportNames.jimu(code).map(Jimu::text).orElse(code))
                  .toList();
          String agency = ReportNames.agency(requester).map(Agency::name).orElse(requester);
          blocks.add(new Block(requester, agency, jimu, lines));
        });
    String preamble =
        "住民基本台帳法（昭和42年法律第81号）の規定に基づき、" + period.during() + "における本人確認情報の提供状況を次のとおり公示します。";
    return new ProvisionAnnouncement(
        TITLE, preamble, Wareki.date(issued), ISSUER, blocks, total, NOTE);
  }

  /** Agencies by id (A01 < A02 …), any other requester after them by name. */
  private static final Comparator<String> REQUESTER_ORDER =
      Comparator.comparing((String r) -> ReportNames.agency(r).isEmpty())
          .thenComparing(r -> ReportNames.agency(r).map(Agency::id).orElse(r));

  public void print(PrintWriter out) {
    out.println(title);
    out.println();
    out.println(preamble);
    out.println();
    out.println(issued);
    out.println(issuer);
    out.println();
    TextTable table =
        new TextTable(
            List.of(
                TextTable.Column.left("提供先", 24),
                TextTable.Column.left("事務", 40),
                TextTable.Column.left("提供年月", 14),
                TextTable.Column.right("提供件数", 13),
                TextTable.Column.left("提供方法", 12)));
    for (Block b : blocks) {
      table.rowOfLines(
          List.of(
              List.of(b.agency()),
              b.jimu(),
              b.lines().stream().map(Line::printed).toList(),
              b.lines().stream().map(l -> ReportNames.count(l.count())).toList(),
              b.lines().stream().map(Line::method).toList()));
    }
    table.print(out);
    out.println();
    out.println("提供件数合計  " + ReportNames.count(total) + " 件");
    out.println();
    out.println(note);
  }

  /** One CSV line per row: 提供先, 事務 (joined by ／), 提供年月, 年月, 提供件数, 提供方法. */
  public void csv(PrintWriter out) {
    Csv.line(out, "提供先", "事務", "提供年月", "年月", "提供件数", "提供方法");
    for (Block b : blocks) {
      for (Line l : b.lines()) {
        Csv.line(
            out,
            b.agency(),
            String.join("／", b.jimu()),
            Wareki.yearMonth(YearMonth.parse(l.month())),
            l.month(),
            l.count(),
            l.method());
      }
    }
  }
}
