package jp.jukinet.sim.scenario;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import jp.jukinet.sim.demo.DemoTable;

/**
 * A scenario run's report in a few lines of text: the verdict, the operations × counts, each
 * fault's window, each check, and where report.html is.
 */
public final class ScenarioSummary {
  private ScenarioSummary() {}

  /**
   * @param results the run's results directory (it holds report.html)
   */
  public static void print(ScenarioReport r, Path results, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s: %s in %.1f s (%s, %s): %,d residents registered first; %,d operations ok, %,d"
            + " failed%n",
        r.scenario(),
        r.passed() ? "PASSED" : "FAILED",
        r.seconds(),
        r.topology(),
        r.mode(),
        r.populationBorn(),
        r.ok(),
        r.failed());
    DemoTable.printRows(r.operations(), out);
    DemoTable.printFailures(r.operations(), out);
    for (ActiveFaults.Window w : r.faults()) {
      out.printf(
          Locale.ROOT,
          "fault %s: applied at %.1f s, healed at %.1f s%s%n",
          w.fault(),
          w.appliedMs() / 1000.0,
          w.healedMs() / 1000.0,
          w.error() == null ? "" : " (" + w.error() + ")");
    }
    for (CheckResult c : r.checks()) {
      out.printf(
          Locale.ROOT,
          "check %-16s %-7s %5.1f s  %s%n",
          c.name(),
          c.status(),
          c.seconds(),
          c.detail() == null ? "" : c.detail());
    }
    for (String f : r.failures()) {
      out.println("failed: " + f);
    }
    out.println("report: " + results.resolve("report.html").toAbsolutePath().normalize());
    out.flush();
  }
}
