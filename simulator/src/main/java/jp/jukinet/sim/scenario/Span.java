package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * A length of time in a scenario, in real time or on the network's simulated calendar, said in its
 * text: {@code 10s}, {@code 500ms real}, {@code 3days simulated}. Without a word it is real time; a
 * scenario with a calendar must say which (checked by the parser, which knows the header).
 *
 * @param amount the length as written
 * @param simulated on the simulated calendar
 * @param explicit whether the text said "real" or "simulated"
 */
public record Span(Duration amount, boolean simulated, boolean explicit) implements Checked {
  private static final Pattern TEXT =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|min|m|h|d|day|days|month|months)(?:\\s+(real|simulated))?");

  public Span {
    if (amount == null || amount.isNegative()) {
      throw new IllegalArgumentException("a duration must not be negative: " + amount);
    }
  }

  @JsonCreator
  public static Span parse(String text) {
    Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration: expected e.g. 10s, 500ms, 2min, 1h, 3days, with 'real' or"
              + " 'simulated' after it");
    }
    double n = Double.parseDouble(m.group(1));
    long nanos = Math.round(n * unitNanos(m.group(2)));
    return new Span(Duration.ofNanos(nanos), "simulated".equals(m.group(3)), m.group(3) != null);
  }

  static double unitNanos(String unit) {
    return switch (unit) {
      case "ms" -> 1e6;
      case "s", "sec" -> 1e9;
      case "m", "min" -> 60e9;
      case "h" -> 3600e9;
      case "d", "day", "days" -> 86_400e9;
      case "month", "months" -> 30 * 86_400e9;
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }

  /** The real time this span lasts: a simulated one through {@code calendar}'s rate. */
  public Duration real(SimulatedCalendar calendar) {
    if (!simulated) {
      return amount;
    }
    if (calendar == null) {
      throw new IllegalStateException("a simulated duration needs the scenario's calendar");
    }
    return calendar.realTimeFor(amount);
  }

  @JsonValue
  @Override
  public String toString() {
    String n = largestUnit(amount.toMillis());
    return explicit ? n + (simulated ? " simulated" : " real") : n;
  }

  /**
   * {@code 365days}, {@code 90min}, {@code 1500ms}: the largest unit that divides it, as written.
   */
  private static String largestUnit(long ms) {
    long day = 86_400_000L;
    if (ms > 0 && ms % day == 0) {
      return ms / day + (ms == day ? "day" : "days");
    }
    if (ms > 0 && ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms > 0 && ms % 60_000L == 0) {
      return ms / 60_000L + "min";
    }
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  @Override
  public void check(ScenarioContext context) {
    if (simulated && !context.hasCalendar()) {
      throw new IllegalArgumentException(
          "'" + this + "' is simulated time but the scenario has no calendar (header 'calendar')");
    }
    if (context.hasCalendar() && !explicit) {
      throw new IllegalArgumentException(
          "'"
              + this
              + "': the scenario runs on a simulated calendar, so say 'real' or 'simulated' after"
              + " each duration");
    }
  }
}
