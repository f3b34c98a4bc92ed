package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.report.FailureReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run (synthetic:1x2, process mode, on a calendar): a CS killed for 3 s is found by the
 * network itself (発見) after it began and seen recovered after it was restarted; a CS's clock skewed
 * for 2 s is reported (通報), the CS process having taken the offset; both rows in report.json and in
 * {@code report failures}.
 */
@Timeout(300)
class FailureWatchIT {
  @TempDir Path tmp;

  @Test
  void theFailureListHoldsWhatTheNetworkSaw() throws Exception {
    Path file = Path.of("src/test/resources/scenarios/failures-observed.yaml");
    ScenarioRun.Outcome o =
        new ScenarioRun(
                ScenarioParser.parse(file),
                file,
                new ScenarioRun.Options(
                    null, tmp, false, 1, new PrintWriter(new StringWriter(), true)))
            .run();
    assertEquals(ScenarioRun.PASSED, o.exitStatus(), String.valueOf(o.report().failures()));

    FailureHistory history = FailureHistory.read(o.results().resolve("history.jsonl"));
    List<FailureEvent> kill = phases(history.events(), 1);
    assertEquals(
        List.of(FailureEvent.OCCUR, FailureEvent.DETECT, FailureEvent.HEAL, FailureEvent.RECOVER),
        kill.stream().map(FailureEvent::phase).toList(),
        kill.toString());
    assertTrue(kill.get(1).atMillis() >= kill.get(0).atMillis(), "発見 after 発生: " + kill);
    assertTrue(kill.get(3).atMillis() > kill.get(2).atMillis(), "回復 after the heal: " + kill);
    assertTrue(kill.get(1).sim().toString().startsWith("2020-06-"), kill.toString());

    FailureReport report = o.report().networkFailures();
    assertEquals(report.rows(), history.report().rows(), "report.json = the history");
    FailureReport.Row killed = report.rows().get(0);
    assertEquals(FailureReport.FOUND, killed.division());
    assertEquals("処理装置", killed.cause());
    assertTrue(!killed.recoveredTime().isEmpty(), killed.toString());
    assertTrue(killed.occurredDate().startsWith("2020-06-1"), killed.toString());
    FailureReport.Row skewed = report.rows().get(1);
    assertEquals(FailureReport.REPORTED, skewed.division(), skewed.toString());
    assertEquals("その他・不明", skewed.cause());
    assertTrue(!skewed.recoveredTime().isEmpty(), skewed.toString());
    assertTrue(skewLogged(o.results().resolve("network").resolve("nodes")), "the CS took the skew");

    Cli text = Cli.run("report", "failures", "--run", o.results().toString());
    assertEquals(ExitCodes.OK, text.exit(), text.err());
    assertTrue(text.out().contains("処理装置"), text.out());
    assertTrue(text.out().contains("発見"), text.out());
  }

  private static List<FailureEvent> phases(List<FailureEvent> events, int fault) {
    return events.stream().filter(e -> e.fault() == fault).toList();
  }

  private static boolean skewLogged(Path nodes) throws Exception {
    try (Stream<Path> dirs = Files.list(nodes)) {
      for (Path d : dirs.toList()) {
        Path log = d.resolve("node.log");
        if (Files.exists(log)
            && Files.readString(log)
                .contains("clock offset from the network's calendar now PT10M")) {
          return true;
        }
      }
    }
    return false;
  }
}
