package jp.jukinet.sim.report;

import static jp.jukinet.sim.report.ReportRows.IMMEDIATE;
import static jp.jukinet.sim.report.ReportRows.LINE;
import static jp.jukinet.sim.report.ReportRows.row;
import static jp.jukinet.sim.report.ReportRows.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.CounterRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The FY totals per 提供先 × 事務区分: every 事務 in table order, and the seed's FY2020 計 reproduced. */
@Timeout(10)
class ProvisionTotalsTest {
  @Test
  void reproducesTheSeedsFy2020Table() {
    List<CounterRow> rows = new ArrayList<>();
    for (Jimu j : Agencies.jimu()) {
      rows.add(row("agency-" + j.agencyId(), j.id(), "2020-10", LINE, j.fy2020Count()));
    }
    ProvisionTotals t = ProvisionTotals.of(rows, ReportPeriod.parse("FY2020"));
    assertEquals(68, t.rows().size());
    assertEquals(1_503_496_744L, t.total());
    String text = text(t::print);
    assertTrue(text.startsWith("国の行政機関等に対する本人確認情報の提供状況(令和2年度)\n"), text);
    assertTrue(text.endsWith("計" + " ".repeat(94) + "1,503,496,744\n"), text);
  }

  @Test
  void goldenCsvOfAFewRows() {
    ProvisionTotals t =
        ProvisionTotals.of(
            List.of(
                row("agency-A27", "J54", "2020-12", IMMEDIATE, 5),
                row("agency-A27", "J54", "2021-01", LINE, 7),
                row("agency-A30", "J60", "2021-04", IMMEDIATE, 1)), // FY2021
            ReportPeriod.parse("FY2020"));
    String csv = text(t::csv);
    assertTrue(csv.startsWith("提供先,事務コード,事務区分,提供件数\r\n"), csv);
    assertTrue(csv.contains("\r\n国土交通省,J54,建設業法による建設業の許可に関する事務,12\r\n"), csv);
    assertTrue(csv.contains("\r\n観光庁,J60,旅行業法による旅行業の登録に関する事務,0\r\n"), csv);
    assertTrue(csv.endsWith("\r\n計,,,12\r\n"), csv);
    assertEquals(68 + 2, csv.split("\r\n").length);
  }

  @Test
  void goldenTextOfTheFirstRows() {
    String text = text(ProvisionTotals.of(List.of(), ReportPeriod.parse("2020-09"))::print);
    String expected =
        """
        国の行政機関等に対する本人確認情報の提供状況(令和2年9月)

        提供先                          事務区分                                                         提供件数(件)
        -------------------------------------------------------------------------------------------------------------
        被災者生活再建支援法（平成十年  被災者生活再建支援法による同法第三条第一項の被災者生活再建支                0
        法律第六十六号）第六条第一項に  援金の支給に関する事務
        規定する支援法人
        預金保険機構                    預金保険法による同法第55条の2第1項の預金等に係る債権の額の把                0
                                        握に関する事務
        """;
    assertEquals(expected, text.substring(0, text.indexOf("総務省")));
  }
}
