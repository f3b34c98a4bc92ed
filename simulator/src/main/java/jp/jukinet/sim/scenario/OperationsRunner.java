package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import jp.jukinet.sim.demo.DemoWorkload;

/**
 * Runs an {@code operations} step: operations at the step's rate for its duration ({@link
 * RateLoop}), each kind drawn by its weight, through {@link DemoWorkload#one}.
 */
final class OperationsRunner {
  private final DemoWorkload workload;
  private final RateLoop loop;

  private final Timebase time;

  OperationsRunner(DemoWorkload workload, RateLoop loop, Timebase time) {
    this.workload = workload;
    this.loop = loop;
    this.time = time;
  }

  /**
   * @param stop asked between operations: true stops the step (an abort)
   * @return operations due but not sent (all slots busy, or no resident free for them)
   */
  long run(OperationsStep step, Random random, BooleanSupplier stop) throws InterruptedException {
    List<OperationKind> kinds = new ArrayList<>(step.mix().keySet());
    double total = step.mix().values().stream().mapToDouble(Double::doubleValue).sum();
    return loop.run(
        step.rate(),
        step.duration(),
        step.parallel(),
        stop,
        () ->
            workload.one(
                pick(kinds, step.mix(), total, random).workloadKind(),
                random.nextDouble() < step.across()),
        () -> step.monthly() == null ? 1 : step.monthly().at(time.now()));
  }

  private static OperationKind pick(
      List<OperationKind> kinds, Map<OperationKind, Double> mix, double total, Random random) {
    double x = random.nextDouble() * total;
    for (OperationKind k : kinds) {
      x -= mix.get(k);
      if (x < 0) {
        return k;
      }
    }
    return kinds.get(kinds.size() - 1);
  }
}
