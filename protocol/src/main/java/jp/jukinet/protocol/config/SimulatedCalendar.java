package jp.jukinet.protocol.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network's one calendar when it runs on simulated time: at the real instant {@code anchor} the
 * simulated time is {@code start}, and it runs {@code rate} times as fast as real time. Fixed for
 * the network's life and written into every node's config, so a node restarted (also after {@code
 * kill -9}) resumes on the same calendar. Nodes read domain time (届出年月日 defaults, the 14-day and
 * 30-day windows, provision and security log times, months of counters) only through {@link
 * #clock}; timeouts, heartbeats and retries stay on real time.
 *
 * @param start simulated time at {@code anchor}
 * @param anchor the real instant the calendar started
 * @param rate simulated seconds per real second, above 0 and at most 10,000,000 (a year in ~3 s)
 */
public record SimulatedCalendar(Instant start, Instant anchor, double rate) {
  private static final Pattern RATE =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)\\s*(s|min|h|day|days|d)\\s*/\\s*(\\d+(?:\\.\\d+)?)?\\s*(ms|s|min|h)");

  /**
   * The system property a process running nodes sets to its network's calendar ({@link
   * #toProperty}), read by the log layout to print simulated time beside real time.
   */
  public static final String PROPERTY = "jukinet.calendar";

  public SimulatedCalendar {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(anchor, "anchor");
    if (!(rate > 0) || rate > 10_000_000) {
      throw new IllegalArgumentException(
          "clock rate "
              + rate
              + " must be above 0 and at most 10,000,000 simulated seconds per second");
    }
  }

  /**
   * A calendar starting now (real) at {@code start} ({@code 2020-04-01T09:00+09:00}) and running at
   * {@code rate} ({@code 1day/1s}, {@code 1h/1s}, {@code 1s/1s}, {@code 86400}).
   */
  public static SimulatedCalendar parse(String start, String rate, Instant anchor) {
    Instant s;
    try {
      s = OffsetDateTime.parse(start.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--clock '"
              + start
              + "' is not a date-time with its offset, such as 2020-04-01T09:00+09:00");
    }
    return new SimulatedCalendar(s, anchor, parseRate(rate));
  }

  /** {@code 1day/1s} → 86400; a plain number is simulated seconds per real second. */
  public static double parseRate(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException notPlain) {
      Matcher m = RATE.matcher(t);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "--clock-rate '"
                + text
                + "' is not a rate: give simulated time per real time, such as 1day/1s, 1h/1s or 30min/1s");
      }
      double sim = Double.parseDouble(m.group(1)) * seconds(m.group(2));
      double real = (m.group(3) == null ? 1 : Double.parseDouble(m.group(3))) * seconds(m.group(4));
      if (real <= 0) {
        throw new IllegalArgumentException(
            "--clock-rate '" + text + "': real time must be above 0");
      }
      return sim / real;
    }
  }

  private static double seconds(String unit) {
    return switch (unit) {
      case "ms" -> 0.001;
      case "s" -> 1;
      case "min" -> 60;
      case "h" -> 3600;
      default -> 86_400; // d, day, days
    };
  }

  /** "start,anchor,rate", as {@link #fromProperty} reads it. */
  public String toProperty() {
    return start + "," + anchor + "," + rate;
  }

  public static SimulatedCalendar fromProperty(String value) {
    String[] p = value.split(",");
    if (p.length != 3) {
      throw new IllegalArgumentException(PROPERTY + " '" + value + "' must be start,anchor,rate");
    }
    return new SimulatedCalendar(
        Instant.parse(p[0]), Instant.parse(p[1]), Double.parseDouble(p[2]));
  }

  /** Simulated time at the real instant {@code real}. */
  public Instant at(Instant real) {
    long realMillis = real.toEpochMilli() - anchor.toEpochMilli();
    return start.plusMillis(Math.round(realMillis * rate));
  }

  /** A clock of simulated time driven by {@code real}. */
  public Clock clock(Clock real) {
    return new CalendarClock(this, real, ZoneId.of("Asia/Tokyo"));
  }

  /** "2020-04-01T09:00+09:00 at 1day/1s". */
  public String describe() {
    return OffsetDateTime.ofInstant(start, ZoneId.of("Asia/Tokyo"))
        + " at "
        + (rate >= 86_400 && rate % 86_400 == 0
            ? (long) (rate / 86_400) + "day/1s"
            : rate == Math.rint(rate) ? (long) rate + "s/1s" : rate + "s/1s");
  }

  /** How long real time takes to cover {@code simulated}. */
  public Duration realTimeFor(Duration simulated) {
    return Duration.ofNanos(Math.round(simulated.toNanos() / rate));
  }

  private static final class CalendarClock extends Clock {
    private final SimulatedCalendar calendar;
    private final Clock real;
    private final ZoneId zone;

    CalendarClock(SimulatedCalendar calendar, Clock real, ZoneId zone) {
      this.calendar = calendar;
      this.real = real;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new CalendarClock(calendar, real, zone);
    }

    @Override
    public Instant instant() {
      return calendar.at(real.instant());
    }

    @Override
    public long millis() {
      return instant().toEpochMilli();
    }

    @Override
    public String toString() {
      return "SimulatedCalendar[" + calendar.describe() + "]";
    }
  }
}
