package jp.jukinet.protocol.id;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * {@link LocalDate#parse} for the dates on the change path, without its cost: every change's dates
 * are parsed at every hop, and the general ISO formatter (a parse context, a field map and a
 * resolver per call) was a tenth of the stagers' time. A plain {@code yyyy-MM-dd} is read directly;
 * anything else (extended years, or an invalid date) goes to {@link LocalDate#parse}, so what is
 * accepted and the exception thrown are exactly its.
 */
public final class IsoDates {
  /** Japan time, in which every date of the network is counted (異動年月日, 届出年月日, "today"). */
  public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private IsoDates() {}

  /** Today in Japan on {@code clock}. */
  public static LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(JAPAN));
  }

  /**
   * As {@link LocalDate#parse(CharSequence)}; throws {@link DateTimeParseException} when it would.
   */
  public static LocalDate parse(String text) {
    if (text != null && text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int y = digits(text, 0, 4);
      int m = digits(text, 5, 7);
      int d = digits(text, 8, 10);
      if (y >= 0 && m >= 0 && d >= 0) {
        try {
          return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
          // Not a valid date (2021-02-30): let the formatter throw its own message.
        }
      }
    }
    return LocalDate.parse(text);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
