package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.report.FailureReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ネットワーク機器等の障害一覧 (the layout of the seed's 別紙1) from a run's failure lines: a CS killed and seen by
 * its prefecture server, a prefecture server's link cut and seen by the server itself, a CS's clock
 * skewed (reported only, never seen); and 「障害なし」 for a run without faults. Also read back from a
 * history.jsonl by {@code report failures}, and the skew fault's own checks.
 */
@Timeout(30)
class FailureReportTest {
  private static final String HEADER =
      "name: t\ntopology: synthetic:2x2\npopulation: {births: 5}\ntimeline:\n";

  @TempDir Path tmp;

  /** 2020-06-14 09:00:00 in Japan on the calendar; real time one hour later than the run start. */
  private static final Instant SIM = Instant.parse("2020-06-14T00:00:00Z");

  private static FailureEvent at(int fault, String phase, int second, Map<String, String> f) {
    return new FailureEvent(fault, phase, 1_000L * second, SIM.plusSeconds(second), f);
  }

  static List<FailureEvent> events() {
    return List.of(
        at(
            1,
            "occur",
            5,
            Map.of(
                "kind",
                "kill",
                "target",
                "cs-192015",
                "code",
                "192015",
                "name",
                "甲府市",
                "link",
                "甲府市～山梨県")),
        at(1, "detect", 6, Map.of("observer", "pref-190004", "note", "cs-192015からの回線なし")),
        at(1, "heal", 13, Map.of()),
        at(1, "recover", 16, Map.of("observer", "cs-192015", "note", "回線UP・未送信の変更0")),
        at(
            2,
            "occur",
            86_400 * 20,
            Map.of(
                "kind",
                "cut",
                "target",
                "pref-190004",
                "code",
                "190004",
                "name",
                "山梨県",
                "link",
                "山梨県～全国サーバ")),
        at(
            2,
            "detect",
            86_400 * 20 + 1,
            Map.of("observer", "pref-190004", "note", "nationalへの回線断")),
        at(2, "heal", 86_400 * 20 + 30, Map.of()),
        at(
            3,
            "occur",
            86_400 * 21,
            Map.of(
                "kind",
                "skew",
                "target",
                "cs-192023",
                "code",
                "192023",
                "name",
                "富士吉田市",
                "detail",
                "+10分")),
        at(3, "heal", 86_400 * 21 + 60, Map.of()),
        at(3, "recover", 86_400 * 21 + 61, Map.of("observer", "cs-192023", "note", "")));
  }

  @Test
  void goldenLayout() {
    FailureReport r = FailureRows.report(events(), SIM, SIM.plusSeconds(86_400 * 22));
    assertEquals(
        CAUSES
            + """

            【障害状況一覧】

            区分      発生                  回復                  団体コード  団体名      原因区分      障害内容                              対応結果
                      日付        時間      日付        時間
            ----------------------------------------------------------------------------------------------------------------------------------------------------------
            発見      2020-06-14  09:00:05  2020-06-14  09:00:16  192015      甲府市      処理装置      サーバ停止（強制終了）。pref-190004   再起動、回復を確認
                                                                                                        が検知（cs-192015からの回線なし）
            発見      2020-07-04  09:00:00                        190004      山梨県      IP-VPN        山梨県～全国サーバ間の回線断。pref-1  回線復旧、回復未確認
                                                                                                        90004が検知（nationalへの回線断）
            通報      2020-07-05  09:00:00  2020-07-05  09:01:01  192023      富士吉田市  その他・不明  CSの時刻ずれ（+10分）                 時刻修正、回復を確認

            発見：ネットワーク（各サーバ・監視端末）にて発見      通報：運用者からの通報
            """,
        text(r::print));
    assertEquals(
        """
        区分,発生日付,発生時間,回復日付,回復時間,団体コード,団体名,原因区分,障害内容,対応結果
        発見,2020-06-14,09:00:05,2020-06-14,09:00:16,192015,甲府市,処理装置,サーバ停止（強制終了）。pref-190004が検知（cs-192015からの回線なし）,再起動、回復を確認
        """
            .replace("\n", "\r\n"),
        text(r::csv).lines().limit(2).map(l -> l + "\r\n").reduce("", String::concat));
  }

  @Test
  void noFailuresIsOneRow() {
    FailureReport r = FailureRows.report(List.of(), SIM, SIM.plusSeconds(60));
    assertEquals(
        CAUSES.replaceAll("(?m)(?<= )[1-9](?=$| )", "0")
            + """

            【障害状況一覧】

            区分      発生                  回復                  団体コード  団体名      原因区分      障害内容                              対応結果
                      日付        時間      日付        時間
            ----------------------------------------------------------------------------------------------------------------------------------------------------------
            障害なし

            発見：ネットワーク（各サーバ・監視端末）にて発見      通報：運用者からの通報
            """,
        text(r::print));
    assertEquals("区分,発生日付,発生時間,回復日付,回復時間,団体コード,団体名,原因区分,障害内容,対応結果\r\n", text(r::csv));
  }

  /** The first part, with the three faults of {@link #events}. */
  private static final String CAUSES =
      """
      ネットワーク機器等の障害一覧(令和2年)

      【原因区分別一覧】

      区分          令和2年
                     1月   2月   3月   4月   5月   6月   7月   8月   9月  10月  11月  12月    計
      ------------------------------------------------------------------------------------------
      IP-VPN           0     0     0     0     0     0     1     0     0     0     0     0     1
      アクセス区間     0     0     0     0     0     0     0     0     0     0     0     0     0
      ルータ           0     0     0     0     0     0     0     0     0     0     0     0     0
      SW-HUB           0     0     0     0     0     0     0     0     0     0     0     0     0
      処理装置         0     0     0     0     0     1     0     0     0     0     0     0     1
      外部要因         0     0     0     0     0     0     0     0     0     0     0     0     0
      その他・不明     0     0     0     0     0     0     1     0     0     0     0     0     1
      計               0     0     0     0     0     1     2     0     0     0     0     0     3

      アクセス区間：CS～県サーバ間の回線      IP-VPN：県サーバ～全国サーバ間の回線
      """;

  @Test
  void reportFailuresReadsTheRunsHistory() throws Exception {
    SimulatedCalendar calendar =
        SimulatedCalendar.parse("2020-06-14T09:00+09:00", "1s/1s", Instant.EPOCH);
    try (History h = new History(tmp.resolve("history.jsonl"), 0, calendar)) {
      h.record("step", 0, Map.of("index", 1, "step", "fault kill cs:first", "phase", "start"));
      for (FailureEvent e : events()) {
        Map<String, Object> line = new LinkedHashMap<>(e.fields());
        line.put("fault", e.fault());
        line.put("phase", e.phase());
        h.record(FailureEvent.TYPE, e.atMillis(), line);
      }
    }
    Cli text = Cli.run("report", "failures", "--run", tmp.toString());
    assertEquals(ExitCodes.OK, text.exit(), text.err());
    assertEquals(
        text(FailureRows.report(events(), SIM, SIM.plusSeconds(86_400 * 21 + 61))::print),
        text.out());
    Cli json = Cli.run("report", "failures", "--run", tmp.toString(), "--json");
    assertEquals(ExitCodes.OK, json.exit(), json.err());
    assertTrue(json.out().contains("\"occurred_time\" : \"09:00:05\""), json.out());
    Cli csv = Cli.run("report", "failures", "--run", tmp.toString(), "--csv");
    assertEquals(4, csv.out().lines().count(), csv.out());

    Cli none = Cli.run("report", "failures", "--run", tmp.resolve("nowhere").toString());
    assertEquals(ExitCodes.INVALID_INPUT, none.exit(), none.err());
    Files.writeString(tmp.resolve("history.jsonl"), "{\"t\": 0, \"at\": \"yesterday\"}\n");
    Cli bad = Cli.run("report", "failures", "--run", tmp.toString());
    assertEquals(ExitCodes.INVALID_INPUT, bad.exit(), bad.err());
    assertTrue(bad.err().contains("line 1"), bad.err());
  }

  @Test
  void spansInJapanese() {
    assertEquals("10分", FailureWatch.japanese(Duration.ofMinutes(10)));
    assertEquals("3日", FailureWatch.japanese(Duration.ofDays(3)));
    assertEquals("2時間", FailureWatch.japanese(Duration.ofHours(2)));
    assertEquals("90秒", FailureWatch.japanese(Duration.ofSeconds(90)));
    assertEquals("150ミリ秒", FailureWatch.japanese(Duration.ofMillis(150)));
  }

  @Test
  void aSkewNeedsACsAndAnOffset() {
    Scenario s =
        ScenarioParser.parse(
            Path.of("t.yaml"),
            HEADER + "  - fault: {kind: skew, target: cs:first, offset: 10min, duration: 2s}\n");
    FaultStep f = (FaultStep) s.timeline().get(0);
    assertEquals(FaultKind.SKEW, f.kind());
    assertEquals(600, f.offset().amount().toSeconds());
    ScenarioException pref =
        assertThrows(
            ScenarioException.class,
            () ->
                ScenarioParser.parse(
                    Path.of("t.yaml"),
                    HEADER
                        + "  - fault: {kind: skew, target: prefecture:first, offset: 10min,"
                        + " duration: 2s}\n"));
    assertTrue(pref.reason().contains("only a CS's clock"), pref.getMessage());
    ScenarioException noOffset =
        assertThrows(
            ScenarioException.class,
            () ->
                ScenarioParser.parse(
                    Path.of("t.yaml"),
                    HEADER + "  - fault: {kind: skew, target: cs:first, duration: 2s}\n"));
    assertTrue(noOffset.reason().contains("needs 'offset'"), noOffset.getMessage());
  }

  private static String text(Consumer<PrintWriter> printer) {
    StringWriter s = new StringWriter();
    try (PrintWriter out = new PrintWriter(s)) {
      printer.accept(out);
    }
    return s.toString();
  }
}
