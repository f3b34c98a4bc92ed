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
  private static final Pattern FY = Pattern.compile("FY(\\d{4})(?:-FY(\\d{4}))?");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

  public ReportPeriod {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "period " + from + " to " + to + ": ends before it starts");
    }
  }

  /** {@code YYYY-MM}, {@code FYyyyy} or {@code FYyyyy-FYyyyy}. */
  public static ReportPeriod parse(String text) {
    Objects.requireNonNull(text, "period");
    Matcher fy = FY.matcher(text);
    if (fy.matches()) {
      int first = Integer.parseInt(fy.group(1));
      int last = fy.group(2) == null ? first : Integer.parseInt(fy.group(2));
      if (last < first) {
        throw new IllegalArgumentException("invalid period '" + text + "': ends before it starts");
      }
      return last == first
          ? fiscal(first)
          : new ReportPeriod(YearMonth.of(first, 4), YearMonth.of(last + 1, 3), null);
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

  /** 令和2年度, 令和2年9月, or 平成24年度～平成25年度. */
  public String label() {
    if (fiscalYear != null) {
      return Wareki.fiscalYear(fiscalYear);
    }
    if (from.equals(to)) {
      return Wareki.yearMonth(from);
    }
    List<Integer> years = fiscalYears();
    return Wareki.fiscalYear(years.get(0)) + "～" + Wareki.fiscalYear(years.get(years.size() - 1));
  }

  /** 令和2年4月から令和3年3月までの間, or 令和2年9月 for one month (for a preamble). */
  public String during() {
    return from.equals(to)
        ? Wareki.yearMonth(from)
        : Wareki.yearMonth(from) + "から" + Wareki.yearMonth(to) + "までの間";
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
