package jp.jukinet.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 和暦 around the changes of era, and the periods a report takes. */
@Timeout(10)
class WarekiTest {
  @Test
  void erasChangeByMonth() {
    assertEquals("平成24年8月", Wareki.yearMonth(YearMonth.of(2012, 8)));
    assertEquals("平成31年4月", Wareki.yearMonth(YearMonth.of(2019, 4)));
    assertEquals("令和元年5月", Wareki.yearMonth(YearMonth.of(2019, 5)));
    assertEquals("令和2年9月", Wareki.yearMonth(YearMonth.of(2020, 9)));
    assertEquals("平成元年1月", Wareki.yearMonth(YearMonth.of(1989, 1)));
    assertEquals("昭和63年12月", Wareki.yearMonth(YearMonth.of(1988, 12)));
    assertEquals("令和3年8月30日", Wareki.date(LocalDate.of(2021, 8, 30)));
  }

  @Test
  void fiscalYears() {
    assertEquals("平成24年度", Wareki.fiscalYear(2012));
    assertEquals("平成30年度", Wareki.fiscalYear(2018));
    assertEquals("令和元年度", Wareki.fiscalYear(2019));
    assertEquals("令和2年度", Wareki.fiscalYear(2020));
    assertEquals("R01", Wareki.fiscalYearShort(2019));
    assertEquals("R03", Wareki.fiscalYearShort(2021));
    assertEquals("H30", Wareki.fiscalYearShort(2018));
  }

  @Test
  void periods() {
    ReportPeriod fy = ReportPeriod.parse("FY2020");
    assertEquals(YearMonth.of(2020, 4), fy.from());
    assertEquals(YearMonth.of(2021, 3), fy.to());
    assertEquals("令和2年度", fy.label());
    assertEquals(List.of(2020), fy.fiscalYears());
    ReportPeriod month = ReportPeriod.parse("2021-02");
    assertEquals("令和3年2月", month.label());
    assertEquals(List.of(2020), month.fiscalYears());
    ReportPeriod years = ReportPeriod.parse("FY2012-FY2013");
    assertEquals(YearMonth.of(2014, 3), years.to());
    assertEquals("平成24年度～平成25年度", years.label());
    assertEquals(List.of(2012, 2013), years.fiscalYears());
    for (String bad : List.of("2020", "2020-13", "FY20", "FY2021-FY2020", "fy2020", "")) {
      assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse(bad), bad);
    }
  }
}
