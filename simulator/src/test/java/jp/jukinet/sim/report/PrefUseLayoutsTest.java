package jp.jukinet.sim.report;

import static jp.jukinet.sim.report.ReportRows.IMMEDIATE;
import static jp.jukinet.sim.report.ReportRows.row;
import static jp.jukinet.sim.report.ReportRows.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jp.jukinet.pref.use.PrefJimu;
import jp.jukinet.pref.use.PrefJimuRegistry;
import jp.jukinet.protocol.proto.CounterRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prefectural-use layouts fed with the seeds' own counts reproduce the seeds' totals: 山梨県's 別紙2
 * (233 users, 21,158 件) and 神奈川県's 別添3 (use 1,143,082, provision 108,289).
 */
@Timeout(10)
class PrefUseLayoutsTest {
  private static List<CounterRow> seedCounts(PrefJimuRegistry r, String terminal, String month) {
    List<CounterRow> rows = new ArrayList<>();
    for (PrefJimu j : r.all()) {
      rows.add(row(terminal, j.code(), month, IMMEDIATE, Math.max(0, j.referenceCount())));
    }
    return rows;
  }

  @Test
  void yamanashiSummary() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("19");
    PrefUseSummary s =
        PrefUseSummary.of(
            "山梨県", r, seedCounts(r, "term-190004-01", "2020-10"), ReportPeriod.parse("FY2020"));
    assertEquals(233, s.users());
    assertEquals(21_158, s.total());
    String text = text(s::print);
    String expected =
        """
        山梨県  業務の所管及び利用提供状況（令和2年度）

        区分                                  コード  法律                  事務略称                                  所管                        登録人数         件数
        ---------------------------------------------------------------------------------------------------------------------------------------------------------------
        別表第一 (第30条の9関係)              H1-01   地方公務員災害補償法  地方公務員災害補償法による災害補償等に関  職員厚生課                         1            0
                                                                            する事務
        別表第五 (第30条の15第1項第1号関係)   H5-01   恩給法                恩給法による年金の支給に関する事務        職員厚生課                         2          195
        又は
        別表第六 (第30条の15第2項第1号関係)
                                              H5-02   地方交付税            地方税法等による地方税等の賦課徴収又は調  税務課                             1       12,879
                                                                            査（犯則事件の調査を含む）に関する事務    総合県税事務所                    38
        """;
    assertEquals(expected, text.substring(0, text.lastIndexOf('\n', text.indexOf("H5-03")) + 1));
    assertTrue(text.endsWith(" 233       21,158\n"), text);
  }

  @Test
  void kanagawaStatement() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("14");
    PrefUseStatement s =
        PrefUseStatement.of(
            "神奈川県", r, seedCounts(r, "term-140007-01", "2021-04"), ReportPeriod.parse("FY2021"));
    assertEquals(1_143_082, s.useTotal());
    assertEquals(108_289, s.provisionTotal());
    String text = text(s::print);
    String expected =
        """
        神奈川県  本人確認情報の利用・提供状況（令和3年度）

        1 知事の本人確認情報の利用状況（総括）
        利用区分                                                                    利用件数
        ------------------------------------------------------------------------------------
        (1) 知事が、住民基本台帳法別表第5に掲げる事務の処理に関し、本人確認情      1,064,108
        報を利用したもの (住民基本台帳法第30条の15第1項第1号の規定に基づく利用
        )
        (2) 知事が、条例に定める事務の処理に関し、本人確認情報を利用したもの (        78,962
        住民基本台帳法第30条の15第1項第2号の規定に基づく利用)
        (3) 知事が、本人が同意した事務において本人確認情報を利用したもの (住民            12
        基本台帳法第30条の15第1項第3号の規定に基づく利用)
        合計                                                                       1,143,082

        2 知事の本人確認情報の提供状況（総括）
        提供区分                                                                    提供件数
        ------------------------------------------------------------------------------------
        (1) 知事が、住民基本台帳法別表第6に掲げる事務の処理に関し、他の執行機         92,835
        関からの求めに応じて本人確認情報を提供したもの (住民基本台帳法第30条の
        15第2項第1号の規定に基づく提供)
        (2) 知事が、条例に定める事務の処理に関し、他の執行機関からの求めに応じ        10,609
        て本人確認情報を提供したもの (住民基本台帳法第30条の15第2項第2号の規定
        に基づく提供)
        (3) 知事が、条例に定める事務の処理に関し、市町村の長からの求めに応じて         4,845
        本人確認情報を提供したもの (住民基本台帳法第30条の13第1項の規定に基づ
        く提供)
        合計                                                                         108,289

        """;
    assertEquals(expected, text.substring(0, text.indexOf("3 知事の本人確認情報の利用状況")));
  }

  @Test
  void kanagawaByYear() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("14");
    List<CounterRow> rows = new ArrayList<>(seedCounts(r, "term-140007-01", "2022-03"));
    rows.add(row("term-140007-01", "H5-04", "2019-05", IMMEDIATE, 331_844)); // R01 旅券
    PrefUseByYear y = PrefUseByYear.of("神奈川県", r, rows, ReportPeriod.parse("FY2019-FY2021"));
    assertEquals(List.of("R01", "R02", "R03"), y.years());
    // 別添1: 1,156,943 in R03 (別表第5・第6, 23 事務); 別添2: 94,416 (条例, 16 事務)
    assertEquals(List.of(331_844L, 0L, 1_156_943L), y.tables().get(0).totals());
    assertEquals(23, y.tables().get(0).rows().size());
    assertEquals(List.of(0L, 0L, 94_416L), y.tables().get(1).totals());
    assertEquals(16, y.tables().get(1).rows().size());
    String text = text(y::print);
    String expected =
        """
        神奈川県  住民基本台帳法に規定されている事務における本人確認情報の利用・提供実績
         No.  事務                                          所管課                      利用開始         年度         年度         年度
                                                                                        時期              R01          R02          R03
        -------------------------------------------------------------------------------------------------------------------------------
           1  宅地建物取引業法による免許・登録に関する事務  県土整備局 建設業課         H14.11              0            0           31
        """;
    assertEquals(expected, text.substring(0, text.lastIndexOf('\n', text.indexOf("通訳案内士")) + 1));
  }

  @Test
  void emptyPeriodAndCsv() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("14");
    List<CounterRow> rows =
        List.of(
            row("term-140007-01", "M-01", "2021-04", IMMEDIATE, 382),
            row("term-140007-01", "H5-12", "2021-05", IMMEDIATE, 3));
    String expected =
        """
        区分,根拠,事務コード,名称,提供先,年月,件数
        利用,別表第五,H5-12,地方税法等による地方税等の賦課徴収又は調査に関する事務,,2021-05,3
        提供,条例 (市町村),M-01,旅券法による一般旅券の発給等に関する事務,藤沢市,2021-04,382
        """
            .replace("\n", "\r\n");
    assertEquals(
        expected, text(PrefUseStatement.of("神奈川県", r, rows, ReportPeriod.parse("FY2021"))::csv));
    PrefUseStatement empty = PrefUseStatement.of("神奈川県", r, rows, ReportPeriod.parse("2021-06"));
    assertEquals(0, empty.useTotal() + empty.provisionTotal());
    assertTrue(text(empty::print).contains("小計"));
  }
}
