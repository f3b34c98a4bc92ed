package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * Starts work at a rate for a while, at most {@code parallel} in flight: a unit due while all are
 * busy, or that has nothing to work on, is not sent (the achieved rate shows it). Waits for those
 * in flight at the end. Each unit due is counted as requested in the metrics.
 */
final class RateLoop {
  private final Metrics metrics;
  private final SimulatedCalendar calendar;
  private final double scale;

  /**
   * @param scale multiplies every rate
   */
  RateLoop(Metrics metrics, SimulatedCalendar calendar, double scale) {
    this.metrics = metrics;
    this.calendar = calendar;
    this.scale = scale;
  }

  /**
   * @param next starts one unit, or returns null when it has nothing to work on
   * @param stop asked between units: true stops the loop (an abort)
   * @return units due but not sent
   */
  long run(
      Rate rate,
      Span duration,
      int parallel,
      BooleanSupplier stop,
      Supplier<CompletableFuture<?>> next)
      throws InterruptedException {
    return run(rate, duration, parallel, stop, next, () -> 1);
  }

  /**
   * As {@link #run(Rate, Span, int, BooleanSupplier, Supplier)}, the rate multiplied by {@code
   * weight} (asked for each unit; above 0).
   */
  long run(
      Rate rate,
      Span duration,
      int parallel,
      BooleanSupplier stop,
      Supplier<CompletableFuture<?>> next,
      DoubleSupplier weight)
      throws InterruptedException {
    long interval = Math.max(1, Math.round(1e9 / (rate.perSecond(calendar) * scale)));
    long end = System.nanoTime() + duration.real(calendar).toNanos();
    Semaphore slots = new Semaphore(parallel);
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long notSent = 0;
    long due = System.nanoTime();
    while (due < end && !stop.getAsBoolean()) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      metrics.requested(due, 1);
      due += Math.max(1, Math.round(interval / weight.getAsDouble()));
      if (!slots.tryAcquire()) {
        notSent++;
        continue;
      }
      CompletableFuture<?> f = next.get();
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
          .get(2, TimeUnit.MINUTES); // each unit has its own deadline: a backstop
    } catch (ExecutionException | TimeoutException e) {
      // failures are counted per unit
    }
    return notSent;
  }
}
