package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.SecurityEvent;

/**
 * 提供拒否の記録: the security log of the node asked, one row per refusal in the period (時刻 in 日本時間), who
 * asked (certificate name and subject), what, for which 事務 and 提供方法, the rule that refused it, and
 * the count.
 */
public record RefusalList(String title, String node, List<Row> rows) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(IsoDates.JAPAN);

  public RefusalList {
    rows = List.copyOf(rows);
  }

  /**
   * @param at 日本時間, {@code 2020-09-01 10:00:00}
   * @param method 提供方法, or empty when the request had none
   */
  public record Row(
      long sequence,
      String at,
      String peer,
      String peerSubject,
      String body,
      String jimuCode,
      String method,
      String rule,
      String message) {}

  public static RefusalList of(String node, Collection<SecurityEvent> events, ReportPeriod period) {
    Objects.requireNonNull(period, "period");
    List<Row> rows =
        events.stream()
            .filter(
                e ->
                    period.contains(
                        YearMonth.from(
                            Instant.ofEpochMilli(e.getAtMillis()).atZone(IsoDates.JAPAN))))
            .map(
                e ->
                    new Row(
                        e.getSequence(),
                        TIME.format(Instant.ofEpochMilli(e.getAtMillis())),
                        e.getPeer(),
                        e.getPeerSubject(),
                        e.getBody(),
                        e.getJimuCode(),
                        e.getMethod() == ProvisionMethod.PROVISION_METHOD_UNSPECIFIED
                            ? ""
                            : ReportNames.method(e.getMethod()),
                        e.getRule(),
                        e.getMessage()))
            .toList();
    return new RefusalList("提供拒否の記録 (" + period.label() + ", " + node + ")", node, rows);
  }

  public void print(PrintWriter out) {
    out.println(title);
    out.println();
    TextTable table =
        new TextTable(
            List.of(
                TextTable.Column.right("番号", 6),
                TextTable.Column.left("時刻 (日本時間)", 19),
                TextTable.Column.left("要求元", 18),
                TextTable.Column.left("要求", 24),
                TextTable.Column.left("事務", 6),
                TextTable.Column.left("提供方法", 12),
                TextTable.Column.left("規則", 34)));
    for (Row r : rows) {
      table.rowOfLines(
          List.of(
              List.of(Long.toString(r.sequence())),
              List.of(r.at()),
              List.of(r.peer()),
              List.of(r.body()),
              List.of(r.jimuCode()),
              List.of(r.method()),
              List.of(r.rule())));
    }
    table.print(out);
    out.println();
    out.println("計  " + ReportNames.count(rows.size()) + " 件");
    for (Row r : rows) {
      out.println("  " + r.sequence() + ": " + r.message() + " (" + r.peerSubject() + ")");
    }
  }

  public void csv(PrintWriter out) {
    Csv.line(out, "番号", "時刻", "要求元", "証明書", "要求", "事務", "提供方法", "規則", "内容");
    for (Row r : rows) {
      Csv.line(
          out,
          r.sequence(),
          r.at(),
          r.peer(),
          r.peerSubject(),
          r.body(),
          r.jimuCode(),
          r.method(),
          r.rule(),
          r.message());
    }
  }
}
