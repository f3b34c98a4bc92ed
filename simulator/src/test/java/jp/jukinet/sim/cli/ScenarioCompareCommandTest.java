package jp.jukinet.sim.cli;

import static jp.jukinet.sim.cli.CommandLineTest.jukinet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.jukinet.sim.status.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jukinet scenario compare} on two report.json fixtures: the text against its golden copy,
 * the JSON's figures, and each bad input named with exit status 2.
 */
@Timeout(60)
class ScenarioCompareCommandTest {
  private static final String FIXTURES = "src/test/resources/scenario-compare/";

  @TempDir Path tmp;

  @Test
  void textMatchesItsGoldenCopy() throws Exception {
    CommandLineTest.Run r = jukinet("scenario", "compare", FIXTURES + "a", FIXTURES + "b");
    assertEquals(ExitCodes.OK, r.exit(), r.err());
    String golden =
        Files.readString(Path.of(FIXTURES + "golden.txt"), StandardCharsets.UTF_8)
            .replace("\n", System.lineSeparator());
    assertEquals(golden, r.out());
  }

  @Test
  void jsonHasEachFigureWithItsDifferenceAndRatio() throws Exception {
    CommandLineTest.Run r =
        jukinet("scenario", "compare", FIXTURES + "a", FIXTURES + "b/report.json", "--json");
    assertEquals(ExitCodes.OK, r.exit(), r.err());
    JsonNode root = Json.MAPPER.readTree(r.out());
    assertEquals("pass", root.get("a").get("result").asText());
    assertEquals("fail", root.get("b").get("result").asText());
    JsonNode requested = row(root, "all: requested");
    assertEquals(50.0, requested.get("a").asDouble());
    assertEquals(100.0, requested.get("b").asDouble());
    assertEquals(50.0, requested.get("difference").asDouble());
    assertEquals(2.0, requested.get("ratio").asDouble());
    JsonNode exactlyOnce = row(root, "exactly_once");
    assertEquals("pass", exactlyOnce.get("a").asText());
    assertEquals("fail", exactlyOnce.get("b").asText());
    // A's kill healed at 12.13 s, its next passing convergence check ended at 20 s.
    assertEquals(7.87, row(root, "kill pref-010006: converged after heal s").get("a").asDouble());
    assertTrue(row(root, "death (死亡): p50 ms").path("a").isMissingNode(), "A did no 死亡");
    // A's history: 発見 1.25 s after 発生, 回復 3.2 s after the heal; B's report predates
    // networkFailures, so its cells are empty.
    JsonNode detected = row(root, "kill pref-010006: detected after s");
    assertEquals(1.25, detected.get("a").asDouble());
    assertTrue(detected.path("b").isMissingNode(), detected.toString());
    assertEquals(3.2, row(root, "kill pref-010006: recovered after heal s").get("a").asDouble());
  }

  @Test
  void aMissingOrMalformedReportIsNamedWithExitTwo() throws Exception {
    CommandLineTest.Run missing = jukinet("scenario", "compare", FIXTURES + "a", tmp.toString());
    assertEquals(ExitCodes.INVALID_INPUT, missing.exit());
    assertTrue(
        missing.err().contains(tmp.resolve("report.json") + ": no such file"), missing.err());

    CommandLineTest.Run malformed =
        jukinet("scenario", "compare", FIXTURES + "malformed", FIXTURES + "a");
    assertEquals(ExitCodes.INVALID_INPUT, malformed.exit());
    assertTrue(
        malformed.err().contains(FIXTURES + "malformed/report.json:3:14: not JSON"),
        malformed.err());

    CommandLineTest.Run incomplete =
        jukinet("scenario", "compare", FIXTURES + "a", FIXTURES + "incomplete");
    assertEquals(ExitCodes.INVALID_INPUT, incomplete.exit());
    assertTrue(
        incomplete
            .err()
            .contains(
                FIXTURES
                    + "incomplete/report.json: not a scenario report: 'operations' is not a list"),
        incomplete.err());

    Path badHistory = Files.createDirectory(tmp.resolve("bad-history"));
    Files.copy(Path.of(FIXTURES + "a/report.json"), badHistory.resolve("report.json"));
    Files.writeString(badHistory.resolve("history.jsonl"), "{\"at\": \"yesterday\"}\n");
    CommandLineTest.Run history =
        jukinet("scenario", "compare", FIXTURES + "a", badHistory.toString());
    assertEquals(ExitCodes.INVALID_INPUT, history.exit());
    assertTrue(
        history
            .err()
            .contains(badHistory.resolve("history.jsonl") + " line 1 is not a history line"),
        history.err());

    Files.writeString(tmp.resolve("report.json"), "[1, 2]");
    CommandLineTest.Run notObject = jukinet("scenario", "compare", tmp.toString(), FIXTURES + "a");
    assertEquals(ExitCodes.INVALID_INPUT, notObject.exit());
    assertTrue(notObject.err().contains("not a JSON object"), notObject.err());
  }

  private static JsonNode row(JsonNode root, String figure) {
    for (JsonNode r : root.get("rows")) {
      if (r.get("figure").asText().equals(figure)) {
        return r;
      }
    }
    throw new AssertionError("no row " + figure + " in " + root);
  }
}
