package jp.jukinet.sim.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs the steps made of steps: {@code repeat} (one step again on the calendar) and {@code
 * together} (steps at the same time, on threads of their own). Each inner step is run by the
 * timeline's own dispatch ({@link StepAction}).
 */
final class CompositeRunner {
  /** Runs one step as the timeline would, after its {@code at}. */
  @FunctionalInterface
  interface StepAction {
    void run(Step step) throws InterruptedException;
  }

  private final Timebase time;
  private final long t0Millis;

  /**
   * @param t0Millis when the timeline started (real), for an {@code at} given as a span
   */
  CompositeRunner(Timebase time, long t0Millis) {
    this.time = time;
    this.t0Millis = t0Millis;
  }

  void repeat(RepeatStep r, StepAction action, BooleanSupplier stop) throws InterruptedException {
    Instant first = r.at() != null && r.at().date() != null ? r.at().date() : time.now();
    for (int k = 0; r.times() == null || k < r.times(); k++) {
      Instant start = r.every().nth(first, k, time);
      if (r.until() != null && !start.isBefore(start(r.until()))) {
        return;
      }
      if (!time.sleepUntil(start, stop)) {
        return;
      }
      action.run(r.step());
    }
  }

  void together(TogetherStep t, StepAction action, BooleanSupplier stop)
      throws InterruptedException {
    AtomicReference<Throwable> failed = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (Step s : t.steps()) {
      Thread th =
          new Thread(
              () -> {
                try {
                  if (s.at() == null || time.sleepUntil(start(s.at()), stop)) {
                    action.run(s);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  failed.compareAndSet(null, e);
                }
              },
              "scenario-together-" + threads.size());
      threads.add(th);
      th.start();
    }
    try {
      for (Thread th : threads) {
        th.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      throw e;
    }
    if (failed.get() instanceof RuntimeException e) {
      throw e;
    }
  }

  /** An {@code at} on this step's time. */
  private Instant start(Moment at) {
    if (at.date() != null) {
      return at.date();
    }
    Instant real = Instant.ofEpochMilli(t0Millis).plus(at.sinceStart().real(time.calendar()));
    return time.calendar() == null ? real : time.calendar().at(real);
  }
}
