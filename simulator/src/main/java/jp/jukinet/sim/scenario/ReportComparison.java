package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jp.jukinet.sim.report.TextTable;

/**
 * Two runs' figures side by side ({@code jukinet scenario compare}), from their {@code
 * report.json}: per operation its count, failures, rate and latency; each check's and threshold's
 * verdict; each fault's window, how long after its heal the network was seen converged, and (from
 * the failure list's history, {@link FaultTimings}) how long it took to be 発見 and 回復; with B − A
 * and B / A.
 *
 * @param a the first run (the baseline)
 * @param b the second run
 * @param rows every figure, in sections
 */
public record ReportComparison(Run a, Run b, List<Row> rows) {
  /** One run: its results directory and what its report says of itself. */
  public record Run(
      String dir, String scenario, String topology, String mode, String result, double seconds) {}

  /**
   * One figure of both runs: a number or a verdict (pass, fail, unknown) each, null where the run
   * has none; {@code difference} (B − A) and {@code ratio} (B / A) for numbers, null otherwise (or
   * when A is 0).
   */
  public record Row(
      String section, String figure, Object a, Object b, Double difference, Double ratio) {}

  /** A report.json that is missing or not a scenario report: names the file. */
  public static final class BadReport extends RuntimeException {
    BadReport(String message) {
      super(message);
    }
  }

  public ReportComparison {
    rows = List.copyOf(rows);
  }

  /**
   * Compares the reports in two results directories (or two report.json files).
   *
   * @throws BadReport when either report is missing or malformed
   */
  public static ReportComparison of(Path a, Path b) {
    ReportFile ra = ReportFile.read(a);
    ReportFile rb = ReportFile.read(b);
    List<Row> rows = new ArrayList<>();
    operations(ra, rb, rows);
    checks(ra, rb, rows);
    thresholds(ra, rb, rows);
    faults(ra, rb, rows);
    return new ReportComparison(ra.run(), rb.run(), rows);
  }

  private static void operations(ReportFile a, ReportFile b, List<Row> rows) {
    String s = "operations";
    double ta = a.timelineSeconds();
    double tb = b.timelineSeconds();
    JsonNode la = a.root().get("latency");
    JsonNode lb = b.root().get("latency");
    long okA = a.root().get("ok").asLong();
    long okB = b.root().get("ok").asLong();
    long failedA = a.root().get("failed").asLong();
    long failedB = b.root().get("failed").asLong();
    rows.add(number(s, "all: requested", a.root().get("requested"), b.root().get("requested")));
    rows.add(number(s, "all: succeeded", okA, okB));
    rows.add(number(s, "all: failed", failedA, failedB));
    rows.add(number(s, "all: not sent", a.root().path("notSent"), b.root().path("notSent")));
    rows.add(number(s, "all: rate /s", round((okA + failedA) / ta), round((okB + failedB) / tb)));
    rows.add(number(s, "all: p50 ms", la.get("p50"), lb.get("p50")));
    rows.add(number(s, "all: p99 ms", la.get("p99"), lb.get("p99")));
    Map<String, JsonNode> oa = a.byKey("operations", n -> n.path("operation").asText());
    Map<String, JsonNode> ob = b.byKey("operations", n -> n.path("operation").asText());
    Set<String> ops = new LinkedHashSet<>(oa.keySet());
    ops.addAll(ob.keySet());
    for (String op : ops) {
      JsonNode ra = oa.get(op);
      JsonNode rb = ob.get(op);
      if (done(ra) + done(rb) == 0) {
        continue; // neither run did any
      }
      String name = op + " (" + (ra != null ? ra : rb).path("japanese").asText() + ")";
      JsonNode pa = a.root().get("latencyByOperation").get(op);
      JsonNode pb = b.root().get("latencyByOperation").get(op);
      rows.add(number(s, name + ": succeeded", field(ra, "succeeded"), field(rb, "succeeded")));
      rows.add(number(s, name + ": failed", field(ra, "failed"), field(rb, "failed")));
      rows.add(
          number(
              s,
              name + ": rate /s",
              ra == null ? null : round(done(ra) / ta),
              rb == null ? null : round(done(rb) / tb)));
      rows.add(number(s, name + ": p50 ms", field(pa, "p50"), field(pb, "p50")));
      rows.add(number(s, name + ": p99 ms", field(pa, "p99"), field(pb, "p99")));
    }
  }

  private static void checks(ReportFile a, ReportFile b, List<Row> rows) {
    Map<String, JsonNode> ca = a.byKey("checks", n -> n.path("name").asText());
    Map<String, JsonNode> cb = b.byKey("checks", n -> n.path("name").asText());
    for (String k : union(ca, cb)) {
      rows.add(verdict("checks", k, text(ca.get(k), "status"), text(cb.get(k), "status")));
      rows.add(
          number(
              "checks", k + ": took s", field(ca.get(k), "seconds"), field(cb.get(k), "seconds")));
    }
    rows.add(
        verdict(
            "checks", "verdict", a.root().get("result").asText(), b.root().get("result").asText()));
  }

  private static void thresholds(ReportFile a, ReportFile b, List<Row> rows) {
    java.util.function.Function<JsonNode, String> key =
        n -> n.path("metric").asText() + " " + n.path("threshold").asText();
    Map<String, JsonNode> ta = a.byKey("thresholds", key);
    Map<String, JsonNode> tb = b.byKey("thresholds", key);
    for (String k : union(ta, tb)) {
      rows.add(verdict("thresholds", k, passed(ta.get(k)), passed(tb.get(k))));
      rows.add(
          number(
              "thresholds", k + ": value", field(ta.get(k), "value"), field(tb.get(k), "value")));
    }
  }

  private static void faults(ReportFile a, ReportFile b, List<Row> rows) {
    Map<String, JsonNode> fa = a.byKey("faults", n -> n.path("fault").asText());
    Map<String, JsonNode> fb = b.byKey("faults", n -> n.path("fault").asText());
    FaultTimings ta = FaultTimings.of(a);
    FaultTimings tb = FaultTimings.of(b);
    List<String> na = List.copyOf(fa.keySet());
    List<String> nb = List.copyOf(fb.keySet());
    for (String k : union(fa, fb)) {
      rows.add(number("faults", k + ": applied for s", window(fa.get(k)), window(fb.get(k))));
      rows.add(
          number(
              "faults",
              k + ": converged after heal s",
              recovery(a, fa.get(k)),
              recovery(b, fb.get(k))));
      // the failure list's fault numbers follow the order of report.json's faults, from 1
      int ia = na.indexOf(k) + 1;
      int ib = nb.indexOf(k) + 1;
      rows.add(
          number("faults", k + ": detected after s", ta.detected().get(ia), tb.detected().get(ib)));
      rows.add(
          number(
              "faults",
              k + ": recovered after heal s",
              ta.recovered().get(ia),
              tb.recovered().get(ib)));
    }
  }

  /** How long the fault was applied, in seconds; null when not healed. */
  private static Double window(JsonNode f) {
    if (f == null || f.path("healedMs").asLong(-1) < 0) {
      return null;
    }
    return (f.path("healedMs").asLong() - f.path("appliedMs").asLong()) / 1000.0;
  }

  /**
   * Seconds from the fault's heal to the end of the first convergence check that passed after it:
   * how long the network took to recover. Null when none passed after it.
   */
  private static Double recovery(ReportFile r, JsonNode f) {
    if (f == null || f.path("healedMs").asLong(-1) < 0) {
      return null;
    }
    long healed = f.path("healedMs").asLong();
    for (JsonNode c : r.root().get("checks")) {
      if (c.path("name").asText().equals("convergence")
          && c.path("status").asText().equals(CheckResult.PASS)
          && c.path("atMs").asLong() >= healed) {
        return (c.path("atMs").asLong() - healed) / 1000.0;
      }
    }
    return null;
  }

  private static Set<String> union(Map<String, JsonNode> a, Map<String, JsonNode> b) {
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static long done(JsonNode op) {
    return op == null ? 0 : op.path("succeeded").asLong() + op.path("failed").asLong();
  }

  private static Double field(JsonNode n, String name) {
    return n == null || !n.path(name).isNumber() ? null : n.get(name).asDouble();
  }

  private static String text(JsonNode n, String name) {
    return n == null ? null : n.path(name).asText();
  }

  private static String passed(JsonNode t) {
    return t == null ? null : t.path("passed").asBoolean() ? "pass" : "fail";
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static Row number(String section, String figure, Object a, Object b) {
    Double x = a instanceof JsonNode n ? (n.isNumber() ? n.asDouble() : null) : toDouble(a);
    Double y = b instanceof JsonNode n ? (n.isNumber() ? n.asDouble() : null) : toDouble(b);
    Double difference = x == null || y == null ? null : round(y - x);
    Double ratio = x == null || y == null || x == 0 ? null : round(y / x);
    return new Row(section, figure, x, y, difference, ratio);
  }

  private static Double toDouble(Object v) {
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static Row verdict(String section, String figure, String a, String b) {
    return new Row(section, figure, a, b, null, null);
  }

  /** The text form: the two runs named, then a table per section, one line per figure. */
  public void print(PrintWriter out) {
    out.println("A: " + describe(a));
    out.println("B: " + describe(b));
    int width = "thresholds".length();
    for (Row r : rows) {
      width = Math.max(width, TextTable.width(r.figure()));
    }
    TextTable table = null;
    String section = null;
    for (Row r : rows) {
      if (!r.section().equals(section)) {
        if (table != null) {
          table.print(out);
        }
        section = r.section();
        out.println();
        table =
            new TextTable(
                List.of(
                    TextTable.Column.left(section, width),
                    TextTable.Column.right("A", 10),
                    TextTable.Column.right("B", 10),
                    TextTable.Column.right("B-A", 10),
                    TextTable.Column.right("B/A", 6)));
      }
      table.row(
          r.figure(),
          cell(r.a()),
          cell(r.b()),
          r.difference() == null
              ? (r.a() instanceof String && r.b() != null && !r.a().equals(r.b()) ? "changed" : "")
              : signed(r.difference()),
          r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()));
    }
    if (table != null) {
      table.print(out);
    }
    out.flush();
  }

  private static String describe(Run r) {
    return String.format(
        Locale.ROOT,
        "%s (%s, %s, %s mode, %s, %.1f s)",
        r.dir(),
        r.scenario(),
        r.topology(),
        r.mode(),
        r.result(),
        r.seconds());
  }

  private static String cell(Object v) {
    if (v == null) {
      return "-";
    }
    return v instanceof Double d ? num(d) : v.toString();
  }

  private static String signed(double d) {
    return (d > 0 ? "+" : "") + num(d);
  }

  /** At most two decimals, no trailing zeros. */
  private static String num(double d) {
    return java.math.BigDecimal.valueOf(round(d)).stripTrailingZeros().toPlainString();
  }
}
