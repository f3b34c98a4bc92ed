package jp.jukinet.sim.report;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * 和暦 as the reports print it: 令和 from May 2019, 平成 from 1989 (January 1989 counts as 平成), 昭和
 * before; the first year of an era is 元年. Months are whole: April 2019 is 平成31年4月, May 2019 令和元年5月.
 * A 年度 (April–March) is named by the era of its April, except that FY2019 is 令和元年度 (as printed
 * since the change of era).
 */
public final class Wareki {
  private static final YearMonth REIWA = YearMonth.of(2019, 5);
  private static final YearMonth HEISEI = YearMonth.of(1989, 1);

  private Wareki() {}

  /** 令和2年 (the era year of {@code month}). */
  public static String year(YearMonth month) {
    if (!month.isBefore(REIWA)) {
      return era("令和", month.getYear() - 2018);
    }
    if (!month.isBefore(HEISEI)) {
      return era("平成", month.getYear() - 1988);
    }
    return era("昭和", month.getYear() - 1925);
  }

  /** 令和2年9月. */
  public static String yearMonth(YearMonth month) {
    return year(month) + month(month);
  }

  /** 9月. */
  public static String month(YearMonth month) {
    return month.getMonthValue() + "月";
  }

  /** 令和8年11月29日. */
  public static String date(LocalDate date) {
    return yearMonth(YearMonth.from(date)) + date.getDayOfMonth() + "日";
  }

  /** 令和2年度 for the 年度 that starts in April {@code fiscalYear}. */
  public static String fiscalYear(int fiscalYear) {
    YearMonth april = YearMonth.of(fiscalYear, 4);
    return (fiscalYear == 2019 ? year(REIWA) : year(april)) + "度";
  }

  /** R02, H30: a 年度 as the tables head their year columns (令和元年度 is R01). */
  public static String fiscalYearShort(int fiscalYear) {
    String era = fiscalYear(fiscalYear);
    String letter = era.startsWith("令和") ? "R" : era.startsWith("平成") ? "H" : "S";
    int year = fiscalYear - (letter.equals("R") ? 2018 : letter.equals("H") ? 1988 : 1925);
    return letter + String.format(java.util.Locale.ROOT, "%02d", year);
  }

  private static String era(String name, int year) {
    return name + (year == 1 ? "元" : Integer.toString(year)) + "年";
  }
}
