package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * Operations per unit of time, real or simulated: {@code 20/s}, {@code 600/min real}, {@code
 * 3000/day simulated}.
 *
 * @param perUnit how many per {@code unitSeconds}
 */
public record Rate(double perUnit, double unitSeconds, boolean simulated, String text)
    implements Checked {
  /** More than this per real second is beyond what one runner drives: refused as impossible. */
  public static final double MAX_PER_SECOND = 5_000;

  private static final Pattern TEXT =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)\\s*/\\s*(ms|s|sec|min|m|h|d|day|month)(?:\\s+(real|simulated))?");

  public Rate {
    if (!(perUnit > 0) || Double.isInfinite(perUnit)) {
      throw new IllegalArgumentException("a rate must be positive: " + text);
    }
  }

  @JsonCreator
  public static Rate parse(String text) {
    Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate: expected e.g. 20/s, 600/min, 3000/day simulated");
    }
    Rate r =
        new Rate(
            Double.parseDouble(m.group(1)),
            Span.unitNanos(m.group(2)) / 1e9,
            "simulated".equals(m.group(3)),
            text.trim());
    if (!r.simulated && r.perSecond(null) > MAX_PER_SECOND) {
      throw new IllegalArgumentException(
          "rate " + text + " is impossible here: at most " + (int) MAX_PER_SECOND + "/s");
    }
    return r;
  }

  /** Operations per real second: a simulated rate through {@code calendar}'s speed. */
  public double perSecond(SimulatedCalendar calendar) {
    double perSecond = perUnit / unitSeconds;
    if (!simulated) {
      return perSecond;
    }
    if (calendar == null) {
      throw new IllegalStateException("a simulated rate needs the scenario's calendar");
    }
    return perSecond * calendar.rate();
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public void check(ScenarioContext context) {
    if (simulated && !context.hasCalendar()) {
      throw new IllegalArgumentException(
          "rate " + text + " is per simulated time but the scenario has no calendar");
    }
    if (perSecond(context.calendar()) > MAX_PER_SECOND) {
      throw new IllegalArgumentException(
          "rate "
              + text
              + " is impossible here: "
              + Math.round(perSecond(context.calendar()))
              + " per real second on this calendar, at most "
              + (int) MAX_PER_SECOND);
    }
  }
}
