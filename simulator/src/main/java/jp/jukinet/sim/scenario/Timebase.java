package jp.jukinet.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * The time a step schedules on: the scenario's simulated calendar, or the wall clock when it has
 * none. Instants are on that time; sleeping converts them to real time.
 *
 * @param calendar the run's calendar, or null
 */
record Timebase(SimulatedCalendar calendar) {
  Instant now() {
    Instant real = Instant.now();
    return calendar == null ? real : calendar.at(real);
  }

  /** {@code span} on this time: a real span on a calendar covers rate times as much. */
  Duration length(Span span) {
    if (calendar == null || span.simulated()) {
      return span.amount();
    }
    return Duration.ofNanos(Math.round(span.amount().toNanos() * calendar.rate()));
  }

  /** The real time between two instants of this time. */
  Duration real(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return calendar == null ? d : calendar.realTimeFor(d);
  }

  /** Midnight in Japan that starts the month after {@code t}'s. */
  static Instant nextMonth(Instant t) {
    ZonedDateTime z = t.atZone(Moment.JAPAN);
    return z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1).toInstant();
  }

  /**
   * Sleeps until {@code t} (at once when it has passed), waking early when {@code stop} says so.
   *
   * @return false when stopped
   */
  boolean sleepUntil(Instant t, BooleanSupplier stop) throws InterruptedException {
    long end = System.nanoTime() + Math.max(0, real(now(), t).toNanos());
    while (!stop.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      Thread.sleep(Math.min(200, Math.max(1, left / 1_000_000)));
    }
    return false;
  }
}
