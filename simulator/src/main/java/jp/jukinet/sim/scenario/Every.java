package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a {@code repeat} runs its step: a span ({@code 7days simulated}, {@code 30s real}), or
 * calendar months ({@code 1month simulated}): the same day of the month as the first run, in
 * Japan's time (the 31st falls on a shorter month's last day).
 *
 * @param span the span as written (a month counts 30 days there)
 * @param months calendar months, or 0 for a plain span
 */
public record Every(Span span, int months, String text) implements Checked {
  private static final Pattern MONTHS =
      Pattern.compile("(\\d+)\\s*months?(?:\\s+(real|simulated))?");

  public Every {
    if (span.amount().isZero()) {
      throw new IllegalArgumentException("every: '" + text + "' must be above 0");
    }
  }

  @JsonCreator
  public static Every parse(String text) {
    Span span = Span.parse(text);
    Matcher m = MONTHS.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return new Every(span, 0, text.trim());
    }
    if (!"simulated".equals(m.group(2))) {
      throw new IllegalArgumentException(
          "every: '" + text + "': months are calendar months, so say 'simulated' after them");
    }
    return new Every(span, Integer.parseInt(m.group(1)), text.trim());
  }

  /** The {@code k}th run's start (0: {@code first}), on the step's {@link Timebase}. */
  Instant nth(Instant first, int k, Timebase time) {
    if (months > 0) {
      return first.atZone(Moment.JAPAN).plusMonths((long) k * months).toInstant();
    }
    return first.plus(time.length(span).multipliedBy(k));
  }

  @Override
  public void check(ScenarioContext context) {
    span.check(context);
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
