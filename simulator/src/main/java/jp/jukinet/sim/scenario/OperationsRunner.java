package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.sim.demo.DemoWorkload;

/**
 * Runs an {@code operations} step: starts operations at the step's rate for its duration, each kind
 * drawn by its weight, through {@link DemoWorkload#one}; at most {@code parallel} in flight (an
 * operation due while all are busy is not sent, so the achieved rate shows it). Waits for those in
 * flight at the end.
 */
final class OperationsRunner {
  private final DemoWorkload workload;
  private final Metrics metrics;
  private final SimulatedCalendar calendar;
  private final double scale;

  /**
   * @param scale multiplies every step's rate
   */
  OperationsRunner(
      DemoWorkload workload, Metrics metrics, SimulatedCalendar calendar, double scale) {
    this.workload = workload;
    this.metrics = metrics;
    this.calendar = calendar;
    this.scale = scale;
  }

  /**
   * @param stop asked between operations: true stops the step (an abort)
   * @return operations due but not sent (all slots busy, or no resident free for them)
   */
  long run(OperationsStep step, Random random, BooleanSupplier stop) throws InterruptedException {
    double perSecond = step.rate().perSecond(calendar) * scale;
    long interval = Math.max(1, Math.round(1e9 / perSecond));
    long end = System.nanoTime() + step.duration().real(calendar).toNanos();
    List<OperationKind> kinds = new ArrayList<>(step.mix().keySet());
    double total = step.mix().values().stream().mapToDouble(Double::doubleValue).sum();
    Semaphore slots = new Semaphore(step.parallel());
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long notSent = 0;
    long next = System.nanoTime();
    while (next < end && !stop.getAsBoolean()) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      metrics.requested(next, 1);
      OperationKind kind = pick(kinds, step.mix(), total, random);
      boolean across = random.nextDouble() < step.across();
      next += interval;
      if (!slots.tryAcquire()) {
        notSent++;
        continue;
      }
      CompletableFuture<?> f = workload.one(kind.workloadKind(), across);
      if (f == null) {
        slots.release();
        notSent++;
        continue;
      }
      inFlight.add(f.whenComplete((v, e) -> slots.release()));
      inFlight.removeIf(CompletableFuture::isDone);
    }
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
          .get(2, TimeUnit.MINUTES); // each operation has its own deadline: a backstop
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // failures are counted per operation
    }
    return notSent;
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
