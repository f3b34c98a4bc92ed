package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * When a step starts ({@code at}): a span after the run started ({@code 30s}, {@code 2days
 * simulated}), or a date or date-time on the simulated calendar ({@code 2020-04-01}, Japan's
 * midnight; {@code 2020-04-01T09:00+09:00}).
 *
 * @param sinceStart the span after the timeline started, or null
 * @param date the simulated instant, or null
 */
public record Moment(Span sinceStart, Instant date, String text) implements Checked {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @JsonCreator
  public static Moment parse(String text) {
    String t = text.trim();
    if (!t.isEmpty() && Character.isDigit(t.charAt(0)) && t.length() >= 10 && t.charAt(4) == '-') {
      try {
        Instant at =
            t.length() == 10
                ? LocalDate.parse(t).atStartOfDay(JAPAN).toInstant()
                : OffsetDateTime.parse(t).toInstant();
        return new Moment(null, at, t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a date (2020-04-01) or date-time (2020-04-01T09:00+09:00)");
      }
    }
    return new Moment(Span.parse(t), null, t);
  }

  @Override
  public void check(ScenarioContext context) {
    if (date != null && !context.hasCalendar()) {
      throw new IllegalArgumentException(
          "'at: " + text + "' is a simulated date but the scenario has no calendar");
    }
    if (date != null && date.isBefore(context.calendar().start())) {
      throw new IllegalArgumentException(
          "'at: " + text + "' is before the calendar starts (" + context.calendar().start() + ")");
    }
    if (sinceStart != null) {
      sinceStart.check(context);
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
