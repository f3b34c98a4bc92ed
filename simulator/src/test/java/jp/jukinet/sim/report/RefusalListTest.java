package jp.jukinet.sim.report;

import static jp.jukinet.sim.report.ReportRows.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZonedDateTime;
import java.util.List;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.SecurityEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The security log as a list: 日本時間, only the period's refusals, 計. */
@Timeout(10)
class RefusalListTest {
  static final List<SecurityEvent> EVENTS =
      List.of(
          event(
              1,
              "2020-09-01T10:00:00+09:00",
              "agency-A05",
              "J01",
              "agency-not-registered-for-jimu"),
          event(
              2,
              "2020-10-01T00:00:00+09:00",
              "term-190004-01",
              "H5-05",
              "jimu-not-kept-by-terminal-office"));

  static SecurityEvent event(long seq, String at, String peer, String jimu, String rule) {
    return SecurityEvent.newBuilder()
        .setSequence(seq)
        .setAtMillis(ZonedDateTime.parse(at).toInstant().toEpochMilli())
        .setPeer(peer)
        .setPeerSubject("CN=" + peer + ",OU=test")
        .setBody("single_provision_request")
        .setJimuCode(jimu)
        .setMethod(ProvisionMethod.PROVISION_METHOD_IMMEDIATE)
        .setRule(rule)
        .setMessage(peer + ": 事務 " + jimu + " refused [" + rule + "]")
        .build();
  }

  @Test
  void goldenText() {
    String expected =
        """
        提供拒否の記録 (令和2年9月, national-000000)

          番号  時刻 (日本時間)      要求元              要求                      事務    提供方法      規則
        -----------------------------------------------------------------------------------------------------------------------------------
             1  2020-09-01 10:00:00  agency-A05          single_provision_request  J01     即時提供      agency-not-registered-for-jimu

        計  1 件
          1: agency-A05: 事務 J01 refused [agency-not-registered-for-jimu] (CN=agency-A05,OU=test)
        """;
    assertEquals(
        expected,
        text(RefusalList.of("national-000000", EVENTS, ReportPeriod.parse("2020-09"))::print));
  }

  @Test
  void goldenCsv() {
    String expected =
        """
        番号,時刻,要求元,証明書,要求,事務,提供方法,規則,内容
        1,2020-09-01 10:00:00,agency-A05,"CN=agency-A05,OU=test",single_provision_request,J01,即時提供,agency-not-registered-for-jimu,agency-A05: 事務 J01 refused [agency-not-registered-for-jimu]
        2,2020-10-01 00:00:00,term-190004-01,"CN=term-190004-01,OU=test",single_provision_request,H5-05,即時提供,jimu-not-kept-by-terminal-office,term-190004-01: 事務 H5-05 refused [jimu-not-kept-by-terminal-office]
        """
            .replace("\n", "\r\n");
    assertEquals(
        expected,
        text(RefusalList.of("national-000000", EVENTS, ReportPeriod.parse("FY2020"))::csv));
  }

  @Test
  void emptyPeriodPrintsTheEmptyLayout() {
    String expected =
        """
        提供拒否の記録 (令和元年5月, national-000000)

          番号  時刻 (日本時間)      要求元              要求                      事務    提供方法      規則
        -----------------------------------------------------------------------------------------------------------------------------------

        計  0 件
        """;
    RefusalList empty = RefusalList.of("national-000000", EVENTS, ReportPeriod.parse("2019-05"));
    assertEquals(expected, text(empty::print));
    assertEquals("番号,時刻,要求元,証明書,要求,事務,提供方法,規則,内容\r\n", text(empty::csv));
  }
}
