package jp.jukinet.sim.report;

import static jp.jukinet.sim.report.ReportRows.IMMEDIATE;
import static jp.jukinet.sim.report.ReportRows.LINE;
import static jp.jukinet.sim.report.ReportRows.MEDIA;
import static jp.jukinet.sim.report.ReportRows.row;
import static jp.jukinet.sim.report.ReportRows.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import jp.jukinet.protocol.proto.CounterRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The 官報 layout over fixed counters: golden text and CSV. */
@Timeout(10)
class ProvisionAnnouncementTest {
  static final List<CounterRow> ROWS =
      List.of(
          row("agency-A30", "J60", "2020-12", IMMEDIATE, 12),
          row("agency-A27", "J54", "2021-01", IMMEDIATE, 5_642),
          row("agency-A27", "J54", "2020-12", IMMEDIATE, 6_427),
          row("agency-A27", "J57", "2021-01", IMMEDIATE, 100),
          row("agency-A27", "J54", "2021-01", MEDIA, 693_990),
          row("agency-A27", "J54", "2021-02", LINE, 2_958_696),
          row("agency-A27", "J54", "2021-04", LINE, 1), // FY2021: outside
          row("agency-A30", "J60", "2021-03", IMMEDIATE, 0)); // zero: no row

  static final LocalDate ISSUED = LocalDate.of(2021, 8, 30);

  @Test
  void goldenText() {
    String expected =
        """
        地方公共団体情報システム機構における本人確認情報の提供状況に関する公告

        住民基本台帳法（昭和42年法律第81号）の規定に基づき、令和2年4月から令和3年3月までの間における本人確認情報の提供状況を次のとおり公示します。

        令和3年8月30日
        地方公共団体情報システム機構

        提供先                    事務                                      提供年月             提供件数  提供方法
        ---------------------------------------------------------------------------------------------------------------
        国土交通省                建設業法による建設業の許可に関する事務    令和2年12月             6,427  即時提供
                                  浄化槽法による浄化槽設備士免状の交付に関  令和3年1月              5,742  即時提供
                                  する事務                                  1月                   693,990  磁気媒体
                                                                            2月                 2,958,696  電気通信回線
        観光庁                    旅行業法による旅行業の登録に関する事務    令和2年12月                12  即時提供

        提供件数合計  3,664,867 件

        (注)提供方法欄の「磁気媒体」とあるのは、「磁気媒体による一括提供」であり、「電気通信回線」とあるのは、「電気通信回線による一括提供」である。
        """;
    assertEquals(
        expected,
        text(ProvisionAnnouncement.of(ROWS, ReportPeriod.parse("FY2020"), ISSUED)::print));
  }

  @Test
  void goldenCsv() {
    String expected =
        """
        提供先,事務,提供年月,年月,提供件数,提供方法
        国土交通省,建設業法による建設業の許可に関する事務／浄化槽法による浄化槽設備士免状の交付に関する事務,令和2年12月,2020-12,6427,即時提供
        国土交通省,建設業法による建設業の許可に関する事務／浄化槽法による浄化槽設備士免状の交付に関する事務,令和3年1月,2021-01,5742,即時提供
        国土交通省,建設業法による建設業の許可に関する事務／浄化槽法による浄化槽設備士免状の交付に関する事務,令和3年1月,2021-01,693990,磁気媒体
        国土交通省,建設業法による建設業の許可に関する事務／浄化槽法による浄化槽設備士免状の交付に関する事務,令和3年2月,2021-02,2958696,電気通信回線
        観光庁,旅行業法による旅行業の登録に関する事務,令和2年12月,2020-12,12,即時提供
        """
            .replace("\n", "\r\n");
    assertEquals(
        expected, text(ProvisionAnnouncement.of(ROWS, ReportPeriod.parse("FY2020"), ISSUED)::csv));
  }

  @Test
  void emptyPeriodPrintsTheEmptyLayout() {
    String expected =
        """
        地方公共団体情報システム機構における本人確認情報の提供状況に関する公告

        住民基本台帳法（昭和42年法律第81号）の規定に基づき、令和元年5月における本人確認情報の提供状況を次のとおり公示します。

        令和3年8月30日
        地方公共団体情報システム機構

        提供先                    事務                                      提供年月             提供件数  提供方法
        ---------------------------------------------------------------------------------------------------------------

        提供件数合計  0 件

        (注)提供方法欄の「磁気媒体」とあるのは、「磁気媒体による一括提供」であり、「電気通信回線」とあるのは、「電気通信回線による一括提供」である。
        """;
    assertEquals(
        expected,
        text(ProvisionAnnouncement.of(ROWS, ReportPeriod.parse("2019-05"), ISSUED)::print));
  }
}
