package jp.jukinet.sim.report;

import static jp.jukinet.sim.report.ReportRows.disclosure;
import static jp.jukinet.sim.report.ReportRows.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 開示状況 over the seed's two last years (平成24年度 2 件, 平成25年度 3 件, all 郵送). */
@Timeout(10)
class DisclosureTableTest {
  @Test
  void goldenText() {
    DisclosureTable t =
        DisclosureTable.of(
            List.of(
                disclosure("2012-06", "郵送", "郵送", 1),
                disclosure("2013-02", "郵送", "郵送", 1),
                disclosure("2013-05", "郵送", "郵送", 2),
                disclosure("2014-01", "郵送", "郵送", 1),
                disclosure("2014-04", "来所", "来所", 9)), // after the period
            ReportPeriod.parse("FY2012-FY2013"),
            LocalDate.of(2014, 3, 12));
    String expected =
        """
        地方公共団体情報システム機構における本人確認情報開示状況

        平成26年3月12日現在

        開示年月                                    請求方法            受取方法                  計
                                                        来所      郵送      来所      郵送
        --------------------------------------------------------------------------------------------
        平成24年度 (平成24年4月～平成25年3月)              0         2         0         2         2
        平成25年度 (平成25年4月～平成26年3月)              0         3         0         3         3
        合計                                               0         5         0         5         5
        """;
    assertEquals(expected, text(t::print));
  }

  @Test
  void emptyPeriodAndCsv() {
    DisclosureTable t =
        DisclosureTable.of(
            List.of(disclosure("2020-05", "来所", "郵送", 2)),
            ReportPeriod.parse("2020-06"),
            LocalDate.of(2020, 7, 1));
    String expected =
        """
        開示年月,請求方法 来所,請求方法 郵送,受取方法 来所,受取方法 郵送,計
        令和2年度 (令和2年6月～令和2年6月),0,0,0,0,0
        合計,0,0,0,0,0
        """
            .replace("\n", "\r\n");
    assertEquals(expected, text(t::csv));
  }
}
