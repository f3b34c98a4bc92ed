package jp.jukinet.sim.report;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The months a report covers, both inclusive: one month ({@code 2020-09}) or one 年度 ({@code
 * FY2020}: April 2020 – March 2021).
 *
 * @param fiscalYear the 年度 when the period is one, else null
 */
public record ReportPeriod(YearMonth from, YearMonth to, Integer fiscalYear) {
  private static final Pattern FY = Pattern.compile("FY(\\d{4})");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

  public ReportPeriod {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "period " + from + " to " + to + ": ends before it starts");
    }
  }

  /** {@code YYYY-MM} or {@code FYyyyy}. */
  public static ReportPeriod parse(String text) {
    Objects.requireNonNull(text, "period");
    Matcher fy = FY.matcher(text);
    if (fy.matches()) {
      return fiscal(Integer.parseInt(fy.group(1)));
    }
    if (MONTH.matcher(text).matches()) {
      try {
        YearMonth m = YearMonth.parse(text);
        return new ReportPeriod(m, m, null);
      } catch (DateTimeException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException(
        "invalid period '" + text + "': give a month (2020-09) or a 年度 (FY2020)");
  }

  public static ReportPeriod fiscal(int year) {
    return new ReportPeriod(YearMonth.of(year, 4), YearMonth.of(year + 1, 3), year);
  }

  /** 令和2年度 or 令和2年9月. */
  public String label() {
    return fiscalYear != null ? Wareki.fiscalYear(fiscalYear) : Wareki.yearMonth(from);
  }

  /** 令和2年4月から令和3年3月まで (for a preamble). */
  public String span() {
    return Wareki.yearMonth(from) + "から" + Wareki.yearMonth(to) + "まで";
  }

  /** Whether {@code month} (YYYY-MM) falls in the period. */
  public boolean contains(YearMonth month) {
    return !month.isBefore(from) && !month.isAfter(to);
  }

  /** The 年度 the period touches, in order. */
  public List<Integer> fiscalYears() {
    List<Integer> out = new ArrayList<>();
    for (int fy = fiscalYearOf(from); fy <= fiscalYearOf(to); fy++) {
      out.add(fy);
    }
    return out;
  }

  /** The 年度 {@code month} belongs to. */
  public static int fiscalYearOf(YearMonth month) {
    return month.getMonthValue() >= 4 ? month.getYear() : month.getYear() - 1;
  }
}
