package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.workload.AgencyClient;

/**
 * One 一括提供 of an {@code agency} step: {@code keys} 住民票コード of residents the run registered (drawn
 * with repeats), sent and counted by {@link LedgerBatch}. One operation {@code batch} in the
 * metrics, however many keys.
 */
final class AgencyBatch {
  private final AgencyClient client;
  private final DemoWorkload workload;
  private final AgencyRunner runner;

  AgencyBatch(AgencyClient client, DemoWorkload workload, AgencyRunner runner) {
    this.client = client;
    this.workload = workload;
    this.runner = runner;
  }

  void run(AgencyStep step, Random random) throws InterruptedException {
    long start = System.nanoTime();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < step.keys(); i++) {
      String c = workload.randomCode(random);
      if (c == null) {
        break;
      }
      codes.add(c);
    }
    if (codes.isEmpty()) {
      runner.done(
          step,
          Metric.BATCH,
          start,
          List.of(),
          new IllegalStateException("no living resident to look up"));
      return;
    }
    // unique per requester at the server: the wall clock across runs, nanoTime within one
    String id =
        "scenario-" + step.jimu() + "-" + System.currentTimeMillis() + "-" + System.nanoTime();
    LedgerBatch.Outcome o =
        runner.batches().run(client, step.agency(), id, step.jimu(), step.provisionMethod(), codes);
    runner.done(step, Metric.BATCH, start, o.persons(), o.error());
  }
}
