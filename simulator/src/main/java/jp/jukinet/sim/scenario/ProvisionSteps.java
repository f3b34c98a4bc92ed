package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.sim.demo.DemoReport;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.OperatorClient;

/**
 * The provision steps of a run ({@code agency}, {@code disclose}, {@code prefecture_use}, {@code
 * wide_area}) and the checks on what they did, sharing one {@link ProvisionLedger}: what {@link
 * ScenarioRun} hands them to.
 */
final class ProvisionSteps {
  private final AgencyRunner agencies;
  private final ProvisionRunner others;
  private final ProvisionChecks checks;

  ProvisionSteps(
      ScenarioNetwork network,
      Topology topology,
      NodeRuntime runtime,
      Monitor monitor,
      OperatorClient operators,
      DemoWorkload workload,
      RateLoop loop,
      Metrics metrics,
      History history) {
    ProvisionLedger ledger = new ProvisionLedger();
    OperationLog log = new OperationLog(metrics, history);
    this.agencies =
        new AgencyRunner(
            runtime.transport(),
            network.dir().pkiDir(),
            AgencyClient.nationalAddress(network.state()).orElse(null),
            workload,
            loop,
            log,
            ledger);
    this.others =
        new ProvisionRunner(
            network,
            topology,
            runtime.transport(),
            monitor.connections(),
            operators,
            workload,
            loop,
            log,
            ledger);
    this.checks = new ProvisionChecks(network, monitor.connections(), ledger, Monitor.ASK);
  }

  /** The runner of {@code agency} steps, whose lookups a {@code provision_mix} also makes. */
  AgencyRunner agencies() {
    return agencies;
  }

  /** The checks of the provision steps' work. */
  ProvisionChecks checks() {
    return checks;
  }

  /** At the timeline's start: what the checks of {@code scenario} measure from. */
  void start(Scenario scenario) throws InterruptedException {
    if (ProvisionChecks.needed(scenario)) {
      checks.takeBaseline();
    }
  }

  static boolean handles(Step step) {
    return step instanceof AgencyStep
        || step instanceof DiscloseStep
        || step instanceof PrefectureUseStep
        || step instanceof WideAreaStep;
  }

  /**
   * Runs a step {@link #handles} accepts.
   *
   * @return requests due but not sent
   */
  long run(Step step, Random random, BooleanSupplier stop) throws InterruptedException {
    if (step instanceof AgencyStep a) {
      return agencies.run(a, random, stop);
    }
    if (step instanceof DiscloseStep d) {
      return others.disclose(d, random);
    }
    if (step instanceof PrefectureUseStep p) {
      return others.prefectureUse(p, random, stop);
    }
    if (step instanceof WideAreaStep w) {
      return others.wideArea(w, random);
    }
    throw new IllegalArgumentException("not a provision step: " + step.describe());
  }

  /** The report's rows of the provision operations other than 即時提供 that ran. */
  static List<DemoReport.Row> rows(Metrics metrics) {
    List<DemoReport.Row> rows = new ArrayList<>();
    for (String op :
        List.of(Metric.BATCH, Metric.DISCLOSE, Metric.PREFECTURE_USE, Metric.WIDE_AREA)) {
      long[] n = metrics.counts(op);
      if (n[0] + n[1] > 0) {
        rows.add(
            new DemoReport.Row(
                op, Metric.PROVISION_OPERATIONS.get(op), n[0], n[1], 0, 0, List.of()));
      }
    }
    return rows;
  }
}
