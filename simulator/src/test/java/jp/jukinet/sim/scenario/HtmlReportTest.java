package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.sim.demo.DemoReport;
import jp.jukinet.sim.report.FailureReport;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html from made-up reports: the network drawn node by node (prefectures only for japan),
 * faulted links and nodes marked, time axes and fault windows in simulated dates on a calendar, and
 * the page loading in headless Chromium without a console error.
 */
@Timeout(180)
class HtmlReportTest {
  @TempDir Path tmp;

  @Test
  void drawsEveryNodeAndLinkWithItsTrafficAndTheFaultedOnesMarked() throws Exception {
    Topology t = Topologies.resolve("synthetic:2x3");
    String html = HtmlReport.render(report(t, "2020-03-25T00:00:00Z", 3600));
    assertEquals(1 + 2 + 6, count(html, "<g class=\"node "));
    assertEquals(2 + 6, count(html, "<path class=\"link"));
    assertEquals(1, count(html, "<path class=\"link faulted\""), "the cut link");
    assertEquals(1, count(html, "<g class=\"node prefecture faulted\""), "the killed server");
    assertTrue(html.contains("↑ 120 frames 45.0 kB · ↓ 110 frames 2.1 kB"), html);
    assertTrue(html.contains("data-aggregated=\"no\""));

    String dom = page(html);
    assertTrue(
        dom.contains("data-topology-nodes=\"9\"") && dom.contains("data-topology-links=\"8\""));
    assertTrue(dom.contains("data-charts=\"3\"") && dom.contains("data-drawn=\"3\""), dom);
  }

  @Test
  void onACalendarTheTimeAxesAndFaultWindowsAreInSimulatedDates() throws Exception {
    // 10 real seconds at an hour a second from 2020-03-25 09:00 JST
    String html =
        HtmlReport.render(
            report(Topologies.resolve("synthetic:1x1"), "2020-03-25T00:00:00Z", 3600));
    List<String> ticks = new ArrayList<>();
    Matcher m = Pattern.compile("class=\"lbl sim\"[^>]*>([^<]*)<").matcher(html);
    while (m.find()) {
      ticks.add(m.group(1));
    }
    assertEquals(
        List.of(
            "2020-03-25 09:00",
            "2020-03-25 11:30",
            "2020-03-25 14:00",
            "2020-03-25 16:30",
            "2020-03-25 19:00"),
        ticks.subList(0, 5),
        "the rate chart's ticks");
    assertEquals(ticks.subList(0, 5), ticks.subList(5, 10), "the latency chart's, the same");
    // the kill applied at 2 s and healed at 6 s of the same axis
    assertTrue(html.contains("kill pref-010006: 2020-03-25 11:00 – 2020-03-25 15:00"), html);
    String dom = page(html);
    assertTrue(dom.contains("data-sim-ticks=\"10\""), dom);
  }

  @Test
  void withoutACalendarTheAxesAreSecondsOnly() {
    String html = HtmlReport.render(report(Topologies.resolve("synthetic:1x1"), null, 0));
    assertEquals(0, count(html, "class=\"lbl sim\""));
  }

  @Test
  void japanIsDrawnByPrefectureAndStaysSmall() throws Exception {
    Topology japan = Topologies.resolve("japan");
    String html = HtmlReport.render(report(japan, null, 0));
    String svg = html.substring(html.indexOf("<svg class=\"topology\""));
    svg = svg.substring(0, svg.indexOf("</svg>"));
    assertTrue(svg.contains("data-aggregated=\"yes\""));
    assertEquals(1 + 47, count(svg, "<g class=\"node "));
    assertEquals(47, count(svg, "<path class=\"link"));
    assertTrue(svg.length() < 40_000, "the drawing is " + svg.length() + " characters");
    String dom = page(html);
    assertTrue(dom.contains("data-topology-nodes=\"48\""), dom);
  }

  private String page(String html) throws Exception {
    Path file = Files.createTempFile(tmp, "report", ".html");
    Files.writeString(file, html);
    return ChromiumPage.load(file, tmp);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * Ten seconds of operations; the first prefecture server killed from 2 s to 6 s, the first CS's
   * link cut; each link carried 120 frames (45 kB) up and 110 (2.1 kB) down.
   */
  private static ScenarioReport report(Topology t, String simulatedStart, double rate) {
    NodeSpec pref = t.prefectures().get(0);
    NodeSpec cs = t.css().get(0);
    List<TopologyTraffic.Node> nodes = new ArrayList<>();
    for (NodeSpec n : t.nodes()) {
      nodes.add(
          new TopologyTraffic.Node(
              n.id().name(),
              n.name(),
              n.id().role().name().substring("NODE_ROLE_".length()).toLowerCase(Locale.ROOT),
              n.upstream() == null ? null : n.upstream().name(),
              n.id().equals(pref.id())));
    }
    List<TopologyTraffic.Link> links = new ArrayList<>();
    for (Topology.Link l : t.links()) {
      links.add(
          new TopologyTraffic.Link(
              l.from().name(),
              l.to().name(),
              120,
              45_000,
              110,
              2_100,
              true,
              l.from().equals(cs.id())));
    }
    List<Metrics.Point> series = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      series.add(new Metrics.Point(s, 5, s == 3 ? 1 : 0, 5, 12 + s, 40 + s));
    }
    Metrics.Summary latency = new Metrics.Summary(50, 3, 14, 12, 30, 35, 49, 49, 49);
    return new ScenarioReport(
        "made-up",
        "made-up.yaml",
        t.name(),
        "process",
        simulatedStart == null ? null : "from 2020-03-25T09:00+09:00 at 1h/1s",
        simulatedStart,
        rate,
        "2026-11-29T10:00:00Z",
        12,
        "pass",
        List.of(),
        null,
        10,
        List.of(new ScenarioReport.StepRecord(1, "operations 10s at 5/s", 0, 10_000)),
        List.of(new DemoReport.Row("birth", "出生", 49, 1, 0, 0, List.of())),
        49,
        1,
        0,
        50,
        latency,
        Map.of("birth", latency),
        series,
        List.of(new double[] {8, 10}, new double[] {16, 30}, new double[] {64, 9}),
        List.of(new ActiveFaults.Window("kill " + pref.id().name(), 2000, 6000, null)),
        List.of(new CheckResult("convergence", "pass", "", 1.5, 11_500)),
        List.of(),
        FailureReport.of(List.of(), YearMonth.of(2020, 3), YearMonth.of(2020, 4)),
        new TopologyTraffic(nodes, links));
  }
}
