package jp.jukinet.sim.scenario;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.jukinet.sim.report.FailureReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example scenario runs at small scale and passes; a false check and a breached threshold fail
 * with exit status 1, named in the report; every fault kind is applied and healed; a run
 * interrupted mid-fault leaves no process behind; report.html loads in headless Chromium and draws
 * its charts.
 */
@Timeout(900)
class ScenarioIT {
  private static final Path EXAMPLES = Path.of("..", "scenarios");

  @TempDir Path tmp;

  private ScenarioRun.Outcome run(Path file, double scale) throws InterruptedException {
    return run(file, scale, null, null);
  }

  /** Runs {@code file} on its calendar started at {@code clock}, at {@code clockRate}. */
  private ScenarioRun.Outcome run(Path file, double scale, String clock, String clockRate)
      throws InterruptedException {
    Scenario s = ScenarioParser.parse(file);
    ScenarioRun.Outcome o =
        new ScenarioRun(
                s,
                file,
                new ScenarioRun.Options(
                    null,
                    tmp,
                    false,
                    scale,
                    new PrintWriter(new StringWriter(), true),
                    clock,
                    clockRate))
            .run();
    assertNoProcessLeft(o.results());
    return o;
  }

  @Test
  void springMovingSeasonPasses() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("spring-moving-season.yaml"), 0.5);
    assertPassed(o);
    JsonNode report = new ObjectMapper().readTree(o.results().resolve("report.json").toFile());
    assertTrue(
        report.get("timelineStartSimulated").asText().startsWith("2020-"), report.toString());
    assertReportLoadsInChromium(o.results());
    for (JsonNode link : report.get("traffic").get("links")) {
      assertTrue(
          link.get("measured").asBoolean() && link.get("framesUp").asLong() > 0, link.toString());
    }
    // compared with itself, every figure's ratio is 1
    ReportComparison same = ReportComparison.of(o.results(), o.results());
    same.rows().stream()
        .filter(r -> r.ratio() != null)
        .forEach(r -> assertEquals(1.0, r.ratio(), r.toString()));
  }

  @Test
  void prefectureCrashDuringMovesPasses() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("pref-crash-during-moves.yaml"), 0.5);
    assertPassed(o);
    assertHealed(o);
    // the killed server is marked, and every link measured, its own from either end
    TopologyTraffic traffic = o.report().traffic();
    assertEquals(
        List.of("pref-010006"),
        traffic.nodes().stream().filter(TopologyTraffic.Node::faulted).map(n -> n.id()).toList());
    traffic.links().forEach(l -> assertTrue(l.measured() && l.framesUp() > 0, l.toString()));
    assertReportLoadsInChromium(o.results());
  }

  @Test
  void partitionBetweenPrefectureAndNationalPasses() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("pref-national-partition.yaml"), 0.5);
    assertPassed(o);
    assertHealed(o);
  }

  @Test
  void pensionLookupsPass() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("pension-lookups.yaml"), 1);
    assertPassed(o);
    long[] lookups = {0};
    o.report().operations().stream()
        .filter(r -> r.operation().equals(Metric.LOOKUP))
        .forEach(r -> lookups[0] = r.succeeded());
    assertTrue(lookups[0] > 0, "the agency's lookups succeeded");
  }

  /**
   * A simulated year in about 40 s: the calendar starts 21 s (213 days) before 2020-04-01, time for
   * the in-jvm network and its population.
   */
  @Test
  void fy2020ReplayKeepsTwelveMonthsInTheSharesOfTheTable() throws Exception {
    ScenarioRun.Outcome o =
        run(EXAMPLES.resolve("fy2020-replay.yaml"), 1, "2019-09-01T00:00+09:00", "1day/0.1s");
    assertPassed(o);
    Path reports = o.results().resolve("reports");
    assertTrue(
        Files.readString(reports.resolve("provisions-FY2020.txt")).contains("令和3年"),
        "the FY2020 report reaches 2021");
    Fy2020Counters counters = Fy2020Counters.read(reports.resolve("provision-counters-FY2020.csv"));
    assertEquals(12, counters.months().size(), counters.byMonth().toString());
    counters.byMonth().forEach((month, n) -> assertTrue(n > 0, month));
    counters.assertSharesNear(ProvisionShares.fy2020(), 0.01);
    List<FailureReport.Row> failures =
        FailureHistory.read(o.results().resolve("history.jsonl")).report().rows();
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(
        failures.get(0).occurredDate().startsWith("2020-09-"),
        "the kill is dated on the simulated calendar: " + failures.get(0));
  }

  @Test
  void pensionMonthlyBatchGoesOnTheTenth() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("pension-monthly-batch.yaml"), 1);
    assertPassed(o);
    Fy2020Counters counters =
        Fy2020Counters.read(o.results().resolve("reports/provision-counters-FY2020.csv"));
    assertEquals(6, counters.months().size(), counters.months().toString());
    counters.byMonth().forEach((month, n) -> assertEquals(3000, n, 10, month));
    counters.assertSharesNear(
        ProvisionShares.fy2020()
            .only(
                List.of("A20"),
                List.of(jp.jukinet.protocol.proto.ProvisionMethod.PROVISION_METHOD_BATCH_LINE)),
        0.02);
  }

  @Test
  void specialMoveWavePasses() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("special-move-wave.yaml"), 1);
    assertPassed(o);
  }

  @Test
  void agencyMixPasses() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("agency-mix.yaml"), 1);
    assertPassed(o);
    for (String op :
        List.of(
            Metric.LOOKUP,
            Metric.BATCH,
            Metric.DISCLOSE,
            Metric.PREFECTURE_USE,
            Metric.WIDE_AREA)) {
      assertTrue(
          o.report().operations().stream()
              .anyMatch(r -> r.operation().equals(op) && r.succeeded() > 0),
          op + " succeeded: " + o.report().operations());
    }
    String history = Files.readString(o.results().resolve("history.jsonl"));
    assertTrue(history.contains("\"expect\":\"refused\""), "the forbidden requests are recorded");
    // the provision_mix's A21 provisions are counted (A20's with the agency steps' own)
    CheckResult log =
        o.report().checks().stream()
            .filter(c -> c.name().equals("provision_log"))
            .findFirst()
            .orElseThrow();
    Matcher a21 = Pattern.compile("A21: log (\\d+), counted (\\d+)").matcher(log.detail());
    assertTrue(log.passed() && a21.find(), log.toString());
    assertEquals(a21.group(1), a21.group(2), log.detail());
    assertTrue(Long.parseLong(a21.group(2)) > 0, log.detail());
    assertTrue(!history.contains("\"type\":\"breach\""), "no purpose-limit breach");
    assertReportLoadsInChromium(o.results());
  }

  @Test
  void everyFaultKindIsAppliedAndHealed() throws Exception {
    ScenarioRun.Outcome o = run(Path.of("src/test/resources/scenarios/every-fault.yaml"), 1);
    assertPassed(o);
    assertHealed(o);
    assertEquals(4, o.report().faults().size());
  }

  @Test
  void aFalseCheckAndABreachedThresholdFailTheRun() throws Exception {
    ScenarioRun.Outcome o = run(EXAMPLES.resolve("failing-check.yaml"), 1);
    assertEquals(ScenarioRun.FAILED, o.exitStatus());
    List<String> failures = o.report().failures();
    assertTrue(failures.contains("check convergence (fail)"), failures.toString());
    assertTrue(failures.contains("threshold latency p99 < 1ms"), failures.toString());
    // the final convergence check, after the cut was healed, passes
    assertEquals("pass", o.report().checks().get(1).status());
    String html = Files.readString(o.results().resolve("report.html"));
    assertTrue(html.contains("threshold latency p99 &lt; 1ms"), "report.html names the breach");
    assertReportLoadsInChromium(o.results());
    JsonNode links = new ObjectMapper().readTree(o.results().resolve("report.json").toFile());
    assertTrue(
        links.get("traffic").get("links").findValues("faulted").stream()
            .anyMatch(JsonNode::asBoolean),
        "the cut link is marked");
  }

  @Test
  void anInterruptedRunResumesThePausedNodeAndStopsTheNetwork() throws Exception {
    Path file = Path.of("src/test/resources/scenarios/interrupted.yaml").toAbsolutePath();
    Process runner =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "jp.jukinet.sim.JukinetMain",
                "scenario",
                "run",
                file.toString(),
                "--results",
                tmp.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("runner.out").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> historyOf(tmp).map(h -> h.contains("\"phase\":\"apply\"")).orElse(false));
      assertTrue(!nodeProcesses(tmp).isEmpty());
      assertTrue(nodeProcesses(tmp).stream().anyMatch(ScenarioIT::stopped), "a node is paused");
      runner.destroy(); // SIGTERM: the shutdown hook runs, as on Ctrl-C
      assertTrue(runner.waitFor(2, TimeUnit.MINUTES), "the runner exits");
      await().atMost(Duration.ofMinutes(1)).until(() -> nodeProcesses(tmp).isEmpty());
    } finally {
      if (runner.isAlive()) {
        runner.destroy(); // never SIGKILL: its hook resumes the paused node and stops the network
        runner.waitFor(2, TimeUnit.MINUTES);
      }
    }
  }

  private static java.util.Optional<String> historyOf(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root, 2)) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("history.jsonl")).toList()) {
        return java.util.Optional.of(Files.readString(p));
      }
    }
    return java.util.Optional.empty();
  }

  private static void assertPassed(ScenarioRun.Outcome o) {
    assertEquals(
        ScenarioRun.PASSED,
        o.exitStatus(),
        () -> o.report() == null ? "no report" : o.report().failures() + " " + o.report().checks());
    assertTrue(Files.exists(o.results().resolve("report.html")));
    assertTrue(Files.exists(o.results().resolve("history.jsonl")));
    assertTrue(Files.exists(o.results().resolve("scenario.yaml")));
    assertTrue(o.report().ok() > 0);
  }

  private static void assertHealed(ScenarioRun.Outcome o) {
    for (ActiveFaults.Window w : o.report().faults()) {
      assertTrue(w.healedMs() >= w.appliedMs() && w.error() == null, w.toString());
    }
  }

  /** No process whose command line names the run's results directory (its nodes) is alive. */
  private static void assertNoProcessLeft(Path results) {
    assertEquals(List.of(), nodeProcesses(results.getParent()), "processes left behind");
  }

  private static List<ProcessHandle> nodeProcesses(Path root) {
    String needle = root.toAbsolutePath().toString();
    List<ProcessHandle> out = new ArrayList<>();
    // /proc/PID/cmdline itself: ProcessHandle.Info cuts a node's long command line (its classpath)
    // before the config path at its end.
    ProcessHandle.allProcesses()
        .filter(
            p -> {
              String cmd = cmdline(p.pid());
              return cmd.contains(needle) && cmd.contains("config.yaml");
            })
        .forEach(out::add);
    return out;
  }

  private static String cmdline(long pid) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // gone, or not ours to read
    }
  }

  /** State T in /proc/PID/stat: stopped by SIGSTOP. */
  private static boolean stopped(ProcessHandle p) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Loads the report in headless Chromium: its script must have run (no error stopped it) and found
   * every chart drawn, the network drawn with a node per node and a line per link of report.json,
   * and, on a calendar, the time axes' ticks in simulated dates; Chromium must log no console
   * error.
   */
  private void assertReportLoadsInChromium(Path results) throws Exception {
    String dom = ChromiumPage.load(results.resolve("report.html"), tmp);
    assertTrue(dom.contains("data-charts=\"3\"") && dom.contains("data-drawn=\"3\""), dom);
    JsonNode report = new ObjectMapper().readTree(results.resolve("report.json").toFile());
    JsonNode traffic = report.get("traffic");
    assertTrue(
        dom.contains("data-topology-nodes=\"" + traffic.get("nodes").size() + "\"")
            && dom.contains("data-topology-links=\"" + traffic.get("links").size() + "\""),
        "a node per node, a link per link: " + traffic);
    if (report.get("timelineStartSimulated").isTextual()) {
      // two time charts, five ticks each, each under its seconds a simulated date
      assertTrue(dom.contains("data-sim-ticks=\"10\""), dom);
      assertTrue(
          dom.matches("(?s).*class=\"lbl sim\"[^>]*>2020-0[34]-\\d\\d \\d\\d:\\d\\d<.*"), dom);
    }
  }
}
