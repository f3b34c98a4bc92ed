package jp.jukinet.sim.scenario;

import java.util.List;
import java.util.Map;
import jp.jukinet.sim.demo.DemoReport;
import jp.jukinet.sim.report.FailureReport;

/**
 * What {@code report.json} holds: what was done, requested against achieved, latency over time and
 * its distribution, every fault's window, every check and threshold, and the verdict.
 *
 * @param timelineStartSimulated the simulated time the timeline started at (its charts' origin), or
 *     null without a calendar
 * @param calendarRate simulated seconds per real second, 0 without a calendar
 * @param result pass or fail
 * @param failures the checks and thresholds that did not pass, by name
 * @param aborted why the timeline stopped early, or null
 * @param networkFailures ネットワーク機器等の障害一覧: the faults as the network saw them
 * @param traffic the network drawn with each link's traffic during the run
 */
public record ScenarioReport(
    String scenario,
    String file,
    String topology,
    String mode,
    String calendar,
    String timelineStartSimulated,
    double calendarRate,
    String startedAt,
    double seconds,
    String result,
    List<String> failures,
    String aborted,
    long populationBorn,
    List<StepRecord> steps,
    List<DemoReport.Row> operations,
    long ok,
    long failed,
    long notSent,
    double requested,
    Metrics.Summary latency,
    Map<String, Metrics.Summary> latencyByOperation,
    List<Metrics.Point> series,
    List<double[]> distribution,
    List<ActiveFaults.Window> faults,
    List<CheckResult> checks,
    List<ThresholdResult> thresholds,
    FailureReport networkFailures,
    TopologyTraffic traffic) {

  /** One step as it ran: ms since the run started. */
  public record StepRecord(int index, String step, long startMs, long endMs) {}

  public boolean passed() {
    return "pass".equals(result);
  }
}
