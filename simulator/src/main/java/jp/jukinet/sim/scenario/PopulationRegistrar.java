package jp.jukinet.sim.scenario;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.demo.Sites;
import jp.jukinet.sim.populate.PopulationPlan;
import jp.jukinet.sim.populate.Populator;
import jp.jukinet.sim.workload.OperatorClient;

/**
 * Registers a scenario's {@code population.scale}: the residents {@code jukinet populate --scale
 * --seed} registers (職権記載 in bulk through each CS's operator), each then taken on by the run's
 * workload so that its operations and agency lookups pick them like those born.
 */
final class PopulationRegistrar {
  /** Residents per BulkRecordRequest, and in flight over all CSs (as {@code populate}'s). */
  private static final int BULK = 500;

  private static final int WINDOW = 64;

  private PopulationRegistrar() {}

  /** What was registered. */
  record Registered(long planned, long recorded, long failed, String firstError) {
    boolean complete() {
      return failed == 0 && recorded == planned;
    }
  }

  /**
   * @param timeout each request's deadline (the operators'): the whole cannot outlast the slowest
   *     lane by more
   */
  static Registered register(
      OperatorClient operators,
      Sites sites,
      double scale,
      long seed,
      LocalDate day,
      DemoWorkload workload,
      Duration timeout)
      throws InterruptedException {
    PopulationPlan plan = PopulationPlan.of(sites, scale, seed, day);
    Populator populator = new Populator(operators, plan, WINDOW, BULK);
    populator.onRecorded((resident, identity) -> workload.adopt(identity));
    long lanes = 1 + plan.total() / ((long) WINDOW * BULK);
    String error = null;
    try {
      populator.start().get(timeout.toMillis() * lanes, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      error = "some requests were still unanswered after their deadline";
    }
    if (error == null && !populator.errors().isEmpty()) {
      error = populator.errors().get(0);
    }
    return new Registered(plan.total(), populator.recorded(), populator.failed(), error);
  }
}
