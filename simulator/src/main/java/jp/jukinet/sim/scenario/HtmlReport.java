package jp.jukinet.sim.scenario;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline CSS, SVG drawn here, a few lines of inline
 * script; nothing fetched) with operations per second and latency over time, fault windows shaded,
 * the latency distribution, and the checks, thresholds, operations and faults tables.
 */
final class HtmlReport {
  private static final int W = 860;
  private static final int H = 220;
  private static final int PAD = 44;

  private static final DateTimeFormatter SIM_TICK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

  private HtmlReport() {}

  static String render(ScenarioReport r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">")
        .append("<title>jukinet scenario ")
        .append(esc(r.scenario()))
        .append("</title><style>")
        .append(
            "body{font-family:sans-serif;margin:24px;color:#222}"
                + "table{border-collapse:collapse;margin:8px 0 20px}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                + ".pass{color:#17702a;font-weight:bold}.fail{color:#b3261e;font-weight:bold}"
                + ".unknown{color:#8a6d00;font-weight:bold}"
                + "svg{background:#fafafa;border:1px solid #ddd}"
                + ".fault{fill:#f4b4b4;opacity:.45}.axis{stroke:#999}.lbl{font-size:11px;fill:#555}"
                + ".topology text{paint-order:stroke;stroke:#fafafa;stroke-width:3px}"
                + ".link{stroke:#1f6fb2;opacity:.6}.link.faulted{stroke:#b3261e;opacity:1;"
                + "stroke-dasharray:6 3}.node circle{fill:#333}"
                + ".node.faulted circle{fill:#fff;stroke:#b3261e;stroke-width:3}")
        .append("</style></head><body>\n");
    b.append("<h1>")
        .append(esc(r.scenario()))
        .append(" — <span class=\"")
        .append(r.result())
        .append("\">")
        .append(r.result().toUpperCase(Locale.ROOT))
        .append("</span></h1>\n<p>")
        .append(esc(r.topology()))
        .append(", ")
        .append(esc(r.mode()))
        .append(" mode")
        .append(r.calendar() == null ? "" : ", calendar " + esc(r.calendar()))
        .append("; started ")
        .append(esc(r.startedAt()))
        .append(", ")
        .append(r.seconds())
        .append(" s; ")
        .append(r.ok())
        .append(" operations succeeded, ")
        .append(r.failed())
        .append(" failed, ")
        .append(r.notSent())
        .append(" not sent; ")
        .append(r.populationBorn())
        .append(" residents registered first.")
        .append(r.aborted() == null ? "" : " <b>Aborted: " + esc(r.aborted()) + "</b>")
        .append(
            r.failures().isEmpty()
                ? ""
                : " <b class=\"fail\">Failed: " + esc(String.join(", ", r.failures())) + "</b>")
        .append("</p>\n");
    table(b, "Checks", "check", "result", "took (s)", "detail");
    for (CheckResult c : r.checks()) {
      row(b, c.name(), status(c.status()), String.valueOf(c.seconds()), c.detail());
    }
    table(b, "Thresholds", "metric", "threshold", "value", "result");
    for (ThresholdResult t : r.thresholds()) {
      row(b, t.metric(), t.threshold(), fmt(t.value()), status(t.passed() ? "pass" : "fail"));
    }
    b.append("</table>\n<h2>Operations per second</h2>\n");
    List<Metrics.Point> series = r.series();
    b.append(
        timeChart(
            "rate",
            series,
            r.faults(),
            new String[] {"achieved", "failed", "requested"},
            new String[] {"#1f6fb2", "#b3261e", "#999"},
            p -> new double[] {p.ok() + p.failed(), p.failed(), p.requested()},
            "/s",
            r));
    b.append("<h2>Latency over time (p50, p99)</h2>\n");
    b.append(
        timeChart(
            "latency",
            series,
            r.faults(),
            new String[] {"p50", "p99"},
            new String[] {"#1f6fb2", "#e07b00"},
            p -> new double[] {p.p50(), p.p99()},
            " ms",
            r));
    b.append("<h2>Latency distribution</h2>\n").append(histogram(r.distribution()));
    if (r.traffic() != null) {
      b.append("<h2>Network: each link's traffic during the run</h2>\n")
          .append(TopologySvg.render(r.traffic()));
    }
    table(b, "What was done", "operation", "ok", "failed", "p50 ms", "p99 ms");
    for (var row : r.operations()) {
      if (row.succeeded() + row.failed() == 0) {
        continue;
      }
      Metrics.Summary s = r.latencyByOperation().get(row.operation());
      row(
          b,
          row.japanese() + " (" + row.operation() + ")",
          String.valueOf(row.succeeded()),
          String.valueOf(row.failed()),
          s == null ? "" : fmt(s.p50()),
          s == null ? "" : fmt(s.p99()));
    }
    boolean onCalendar = r.timelineStartSimulated() != null;
    if (onCalendar) {
      table(b, "Faults", "fault", "applied (s)", "healed (s)", "applied", "healed", "");
    } else {
      table(b, "Faults", "fault", "applied (s)", "healed (s)", "");
    }
    for (ActiveFaults.Window f : r.faults()) {
      List<String> cells = new ArrayList<>();
      cells.add(f.fault());
      cells.add(String.valueOf(f.appliedMs() / 1000.0));
      cells.add(f.healedMs() < 0 ? "—" : String.valueOf(f.healedMs() / 1000.0));
      if (onCalendar) {
        cells.add(simulated(r, f.appliedMs() / 1000.0));
        cells.add(f.healedMs() < 0 ? "—" : simulated(r, f.healedMs() / 1000.0));
      }
      cells.add(f.error() == null ? "" : f.error());
      row(b, cells.toArray(String[]::new));
    }
    table(b, "障害状況一覧", "区分", "発生", "回復", "団体", "原因区分", "障害内容", "対応結果");
    for (var f : r.networkFailures().rows()) {
      row(
          b,
          f.division(),
          f.occurredDate() + " " + f.occurredTime(),
          f.recoveredDate() + " " + f.recoveredTime(),
          f.code() + " " + f.name(),
          f.cause(),
          f.content(),
          f.result());
    }
    table(b, "Timeline", "#", "step", "start (s)", "end (s)");
    for (ScenarioReport.StepRecord s : r.steps()) {
      row(
          b,
          String.valueOf(s.index()),
          s.step(),
          String.valueOf(s.startMs() / 1000.0),
          String.valueOf(s.endMs() / 1000.0));
    }
    b.append("</table>\n");
    // Marks the page as drawn (a test loads it in headless Chromium and reads these back).
    b.append(
        "<script>(function(){var c=document.querySelectorAll('svg.chart');"
            + "var drawn=0;c.forEach(function(s){if(s.querySelector('.series,.bar'))drawn++;});"
            + "document.body.setAttribute('data-charts',String(c.length));"
            + "document.body.setAttribute('data-drawn',String(drawn));"
            + "var t=document.getElementById('topology');"
            + "document.body.setAttribute('data-topology-nodes',"
            + "String(t?t.querySelectorAll('g.node').length:0));"
            + "document.body.setAttribute('data-topology-links',"
            + "String(t?t.querySelectorAll('path.link').length:0));"
            + "document.body.setAttribute('data-sim-ticks',"
            + "String(document.querySelectorAll('svg.chart text.sim').length));"
            + "document.body.setAttribute('data-ready','yes');})();</script>\n");
    b.append("</body></html>\n");
    return b.toString();
  }

  /** A status cell's marker: {@link #row} gives it its class. */
  private static final String STATUS = "\u0000";

  private static String status(String s) {
    return STATUS + s;
  }

  /** Closes the table before (if any), and opens one with a heading and its column names. */
  private static void table(StringBuilder b, String heading, String... columns) {
    if (b.lastIndexOf("<table>") > b.lastIndexOf("</table>")) {
      b.append("</table>\n");
    }
    b.append("<h2>").append(esc(heading)).append("</h2>\n<table><tr>");
    for (String c : columns) {
      b.append("<th>").append(esc(c)).append("</th>");
    }
    b.append("</tr>");
  }

  /** One row; a cell made by {@link #status} is coloured by its value. */
  private static void row(StringBuilder b, String... cells) {
    b.append("<tr>");
    for (String c : cells) {
      if (c.startsWith(STATUS)) {
        String v = c.substring(1);
        b.append("<td class=\"").append(esc(v)).append("\">").append(esc(v)).append("</td>");
      } else {
        b.append("<td>").append(esc(c)).append("</td>");
      }
    }
    b.append("</tr>");
  }

  /** Values of a series point, one per line drawn. */
  private interface Values {
    double[] of(Metrics.Point p);
  }

  private static String timeChart(
      String id,
      List<Metrics.Point> series,
      List<ActiveFaults.Window> faults,
      String[] names,
      String[] colours,
      Values values,
      String unit,
      ScenarioReport r) {
    double seconds = Math.max(1, series.size());
    for (ActiveFaults.Window f : faults) {
      seconds = Math.max(seconds, (f.healedMs() < 0 ? f.appliedMs() : f.healedMs()) / 1000.0);
    }
    double max = 1;
    for (Metrics.Point p : series) {
      for (double v : values.of(p)) {
        max = Math.max(max, v);
      }
    }
    StringBuilder b = svg(id);
    double plotW = W - 2 * PAD;
    double plotH = H - 2 * PAD;
    for (ActiveFaults.Window f : faults) {
      double x0 = PAD + plotW * (f.appliedMs() / 1000.0) / seconds;
      double end = f.healedMs() < 0 ? seconds : f.healedMs() / 1000.0;
      double x1 = PAD + plotW * end / seconds;
      b.append("<rect class=\"fault\" x=\"")
          .append(fmt(x0))
          .append("\" y=\"")
          .append(PAD)
          .append("\" width=\"")
          .append(fmt(Math.max(1, x1 - x0)))
          .append("\" height=\"")
          .append(fmt(plotH))
          .append("\"><title>")
          .append(esc(f.fault()))
          .append(
              r.timelineStartSimulated() == null
                  ? ""
                  : esc(": " + simulated(r, f.appliedMs() / 1000.0) + " – " + simulated(r, end)))
          .append("</title></rect>");
    }
    b.append(axes(plotW, plotH, max, seconds, unit, r));
    for (int k = 0; k < names.length; k++) {
      StringBuilder pts = new StringBuilder();
      for (Metrics.Point p : series) {
        double x = PAD + plotW * (p.second() + 0.5) / seconds;
        double y = PAD + plotH - plotH * values.of(p)[k] / max;
        pts.append(fmt(x)).append(',').append(fmt(y)).append(' ');
      }
      b.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(colours[k])
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
      b.append("<text class=\"lbl\" x=\"")
          .append(PAD + 90 * k)
          .append("\" y=\"16\" fill=\"")
          .append(colours[k])
          .append("\" style=\"fill:")
          .append(colours[k])
          .append("\">■ ")
          .append(names[k])
          .append("</text>");
    }
    return b.append("</svg>\n").toString();
  }

  private static String axes(
      double plotW, double plotH, double max, double seconds, String unit, ScenarioReport r) {
    StringBuilder b = new StringBuilder();
    b.append(line(PAD, PAD + plotH, PAD + plotW, PAD + plotH))
        .append(line(PAD, PAD, PAD, PAD + plotH));
    for (int i = 0; i <= 4; i++) {
      double y = PAD + plotH - plotH * i / 4;
      b.append("<text class=\"lbl\" x=\"2\" y=\"")
          .append(fmt(y + 4))
          .append("\">")
          .append(fmt(max * i / 4))
          .append(unit)
          .append("</text>");
      double x = PAD + plotW * i / 4;
      // The end ticks' labels stay inside the chart.
      String anchor =
          "\" text-anchor=\"" + (i == 0 ? "start" : i == 4 ? "end" : "middle") + "\" x=\"";
      b.append("<text class=\"lbl")
          .append(anchor)
          .append(fmt(x))
          .append("\" y=\"")
          .append(fmt(PAD + plotH + 16))
          .append("\">")
          .append(fmt(seconds * i / 4))
          .append(" s</text>");
      if (r.timelineStartSimulated() != null) {
        // The calendar's date under the real seconds: the simulated axis (fault windows are drawn
        // on the same seconds, so they read against both).
        b.append("<text class=\"lbl sim")
            .append(anchor)
            .append(fmt(x))
            .append("\" y=\"")
            .append(fmt(PAD + plotH + 30))
            .append("\">")
            .append(simulated(r, seconds * i / 4))
            .append("</text>");
      }
    }
    return b.toString();
  }

  /** The simulated date-time {@code seconds} (real) after the timeline started. */
  private static String simulated(ScenarioReport r, double seconds) {
    Instant sim =
        Instant.parse(r.timelineStartSimulated())
            .plusMillis(Math.round(seconds * 1000 * r.calendarRate()));
    return SIM_TICK.format(sim);
  }

  private static String histogram(List<double[]> buckets) {
    StringBuilder b = svg("distribution");
    double plotW = W - 2 * PAD;
    double plotH = H - 2 * PAD;
    double max = 1;
    for (double[] v : buckets) {
      max = Math.max(max, v[1]);
    }
    int n = Math.max(1, buckets.size());
    double bw = plotW / n;
    b.append(line(PAD, PAD + plotH, PAD + plotW, PAD + plotH));
    for (int i = 0; i < buckets.size(); i++) {
      double[] v = buckets.get(i);
      double h = plotH * v[1] / max;
      b.append("<rect class=\"bar\" fill=\"#1f6fb2\" x=\"")
          .append(fmt(PAD + i * bw + 1))
          .append("\" y=\"")
          .append(fmt(PAD + plotH - h))
          .append("\" width=\"")
          .append(fmt(Math.max(1, bw - 2)))
          .append("\" height=\"")
          .append(fmt(h))
          .append("\"><title>≤ ")
          .append(fmt(v[0]))
          .append(" ms: ")
          .append((long) v[1])
          .append("</title></rect>");
      b.append("<text class=\"lbl\" x=\"")
          .append(fmt(PAD + i * bw + 2))
          .append("\" y=\"")
          .append(fmt(PAD + plotH + 16))
          .append("\">")
          .append(fmt(v[0]))
          .append("</text>");
    }
    b.append("<text class=\"lbl\" x=\"")
        .append(PAD)
        .append("\" y=\"16\">operations by latency (ms, upper bound of each bucket)</text>");
    return b.append("</svg>\n").toString();
  }

  /** A chart's opening tag. */
  private static StringBuilder svg(String id) {
    return new StringBuilder()
        .append("<svg class=\"chart\" id=\"")
        .append(id)
        .append("\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return "<line class=\"axis\" x1=\""
        + fmt(x1)
        + "\" y1=\""
        + fmt(y1)
        + "\" x2=\""
        + fmt(x2)
        + "\" y2=\""
        + fmt(y2)
        + "\"/>";
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
