package jp.jukinet.sim.scenario;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.sim.report.FailureReport;

/**
 * A run's failures as the rows of ネットワーク機器等の障害一覧, from its {@link FailureEvent}s: 区分 発見 when the
 * network showed the fault itself (a {@code detect}), else 通報; 発生 the fault's apply time; 回復 the
 * first time the network showed itself whole after the heal (empty when it never did); times in
 * Japan, simulated on a calendar. 原因区分 by fault kind: kill and pause → 処理装置; cut → アクセス区間 on a CS's
 * link to its prefecture server, IP-VPN on a prefecture server's link to the national server; drop
 * and delay → ルータ (a link that stays up but loses or holds traffic is a router's fault); skew and
 * any other kind → その他・不明.
 */
public final class FailureRows {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private FailureRows() {}

  /** The report over the months from {@code from} to {@code to} (shown times). */
  public static FailureReport report(List<FailureEvent> events, Instant from, Instant to) {
    return FailureReport.of(rows(events), month(from), month(to));
  }

  public static List<FailureReport.Row> rows(List<FailureEvent> events) {
    Map<Integer, Map<String, FailureEvent>> byFault = new TreeMap<>();
    for (FailureEvent e : events) {
      byFault.computeIfAbsent(e.fault(), f -> new TreeMap<>()).putIfAbsent(e.phase(), e);
    }
    List<FailureReport.Row> rows = new ArrayList<>();
    for (Map<String, FailureEvent> phases : byFault.values()) {
      FailureEvent occur = phases.get(FailureEvent.OCCUR);
      if (occur == null) {
        continue; // a history cut short before the fault's first line: nothing to say
      }
      FailureEvent detect = phases.get(FailureEvent.DETECT);
      FailureEvent recover = phases.get(FailureEvent.RECOVER);
      LocalDateTime occurred = japan(occur.shown());
      LocalDateTime recovered = recover == null ? null : japan(recover.shown());
      String kind = occur.field("kind");
      rows.add(
          new FailureReport.Row(
              detect != null ? FailureReport.FOUND : FailureReport.REPORTED,
              occurred.toLocalDate().toString(),
              occurred.format(TIME),
              recovered == null ? "" : recovered.toLocalDate().toString(),
              recovered == null ? "" : recovered.format(TIME),
              occur.field("code"),
              occur.field("name"),
              cause(kind, occur.field("target")),
              content(occur, detect),
              remedy(kind) + (recover == null ? "、回復未確認" : "、回復を確認")));
    }
    return rows;
  }

  /** 原因区分 of a fault of {@code kind} on {@code target} (a node name). */
  static String cause(String kind, String target) {
    return switch (kind) {
      case "kill", "pause" -> "処理装置";
      case "cut" -> target.startsWith("cs-") ? "アクセス区間" : "IP-VPN";
      case "drop", "delay" -> "ルータ";
      default -> "その他・不明";
    };
  }

  private static String content(FailureEvent occur, FailureEvent detect) {
    String link = occur.field("link");
    String detail = occur.field("detail");
    String what =
        switch (occur.field("kind")) {
          case "kill" -> "サーバ停止（強制終了）";
          case "pause" -> "サーバ無応答（プロセス停止）";
          case "cut" -> link + "間の回線断";
          case "drop" -> link + "間の通信不通（パケット消失）";
          case "delay" -> link + "間の通信遅延（" + detail + "）";
          case "skew" -> "CSの時刻ずれ（" + detail + "）";
          default -> occur.field("kind");
        };
    return detect == null
        ? what
        : what + "。" + detect.field("observer") + "が検知（" + detect.field("note") + "）";
  }

  private static String remedy(String kind) {
    return switch (kind) {
      case "kill" -> "再起動";
      case "pause" -> "プロセス再開";
      case "cut", "drop", "delay" -> "回線復旧";
      case "skew" -> "時刻修正";
      default -> "復旧";
    };
  }

  private static LocalDateTime japan(Instant at) {
    return LocalDateTime.ofInstant(at, IsoDates.JAPAN);
  }

  private static YearMonth month(Instant at) {
    return YearMonth.from(japan(at));
  }
}
