package jp.jukinet.sim.provision;

import static jp.jukinet.sim.provision.ProvisionNetwork.lookup;
import static jp.jukinet.sim.provision.SingleProvisionIT.answer;
import static jp.jukinet.sim.provision.SingleProvisionIT.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.pref.use.PrefPurposeCheck;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.report.ReportPeriod;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.AgencyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefectural use at a real 山梨県 prefecture server: its 業務端末 looks people up for the 事務 its offices
 * keep (answered and logged; 個人番号 neither a key nor in the answer); a 事務 its offices do not keep is
 * refused PURPOSE_NOT_ALLOWED, written to the prefecture's security log and counted, the terminal's
 * allowed requests still answered; {@code report prefecture-use} and {@code report refusals} (the
 * CLI, as the monitor) count exactly what was provided and refused.
 */
@Timeout(300)
class PrefUseIT {
  static final PeerId YAMANASHI = PeerId.prefecture("190004");
  static final PeerId TERMINAL = Topology.prefTerminalOf(YAMANASHI);

  @TempDir static Path dir;
  @RegisterExtension static final TestNetworks networks = new TestNetworks();
  static ProvisionNetwork net;
  static Connection terminal;
  static Connection monitor;

  @BeforeAll
  static void start() throws Exception {
    net = new ProvisionNetwork(networks, dir.resolve("run"));
    terminal = net.connectTo(TERMINAL, YAMANASHI);
    monitor = net.connectTo(ProvisionNetwork.MONITOR, YAMANASHI);
  }

  @AfterAll
  static void stop() {
    terminal.close();
    monitor.close();
    net.close();
  }

  PrefServer pref() {
    return (PrefServer) net.net.inJvmNode(YAMANASHI);
  }

  @Test
  void allowedLookupsAreAnsweredAndLoggedRefusedOnesAreNot() throws Exception {
    IdentityInfo p = net.born("県 利用", "1980-05-06", Sex.SEX_MALE, "甲府市丸の内1-1", "2020-04-01");
    long provisionsBefore = sum(net.counters(monitor, ReportKind.REPORT_KIND_PREFECTURE_USE));

    // H5-02 地方税 (税務課, served by terminal 01): by 住民票コード and by 4情報, 個人番号 stripped.
    SingleProvisionResponse byCode =
        answer(lookup(terminal, "H5-02", AgencyClient.byCode(p.getJuminhyoCode()), null));
    assertEquals(1, byCode.getMatchesCount());
    assertEquals(p.getJuminhyoCode(), byCode.getMatches(0).getJuminhyoCode());
    assertEquals("", byCode.getMatches(0).getIndividualNumber(), "個人番号 is excluded");
    assertTrue(byCode.getLogSequence() > 0, "the provision is logged");
    SingleProvisionResponse byName =
        answer(
            lookup(
                terminal,
                "C-06",
                AgencyClient.byFourItems("県　利用", "1980-05-06", null, null),
                null));
    assertEquals(p.getJuminhyoCode(), byName.getMatches(0).getJuminhyoCode());
    assertTrue(byName.getLogSequence() > byCode.getLogSequence());

    // 個人番号 as a key: refused as invalid, nothing provided.
    RemoteErrorException number =
        refusal(lookup(terminal, "H5-02", AgencyClient.byNumber(p.getIndividualNumber()), null));
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, number.code());
    assertTrue(number.getMessage().contains("法第30条の15"), number.getMessage());

    // H5-05 旅券 is kept by the パスポートセンター and 地域県民センター: refused to terminal 01.
    long refusalsBefore = refusalsAt(pref());
    RemoteErrorException passport =
        refusal(lookup(terminal, "H5-05", AgencyClient.byCode(p.getJuminhyoCode()), null));
    assertEquals(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, passport.code());
    assertTrue(
        passport.getMessage().contains(PrefPurposeCheck.RULE_NOT_OFFICE), passport.getMessage());
    RemoteErrorException national =
        refusal(lookup(terminal, "J39", AgencyClient.byCode(p.getJuminhyoCode()), null));
    assertEquals(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, national.code());

    // ... written to the prefecture's security log and counted; the same connection still answers.
    List<SecurityEvent> log = net.refusals(monitor);
    SecurityEvent last = log.get(log.size() - 1);
    assertEquals(TERMINAL.name(), last.getPeer());
    assertEquals("J39", last.getJimuCode());
    assertEquals(PrefPurposeCheck.RULE_UNKNOWN_JIMU, last.getRule());
    assertEquals(PrefPurposeCheck.RULE_NOT_OFFICE, log.get(log.size() - 2).getRule());
    assertTrue(last.getPeerSubject().contains("term"), last.getPeerSubject());
    assertEquals(refusalsBefore + 2, refusalsAt(pref()));
    assertEquals(
        1L, pref().status().getCountersMap().get("refusals." + PrefPurposeCheck.RULE_NOT_OFFICE));
    assertEquals(
        1,
        answer(lookup(terminal, "H5-02", AgencyClient.byCode(p.getJuminhyoCode()), null))
            .getMatchesCount());

    // The CLI as the terminal: allowed, then refused (exit 1, the rule named).
    String run = net.net.directory().root().toString();
    Cli allowed =
        Cli.run(
            "term",
            "山梨県",
            "lookup",
            "--jimu",
            "H5-09",
            "--code",
            p.getJuminhyoCode(),
            "--json",
            "--dir",
            run);
    assertEquals(0, allowed.exit(), allowed.err());
    JsonNode found = Json.MAPPER.readTree(allowed.out());
    assertEquals(TERMINAL.name(), found.get("terminal").asText());
    assertEquals(p.getJuminhyoCode(), found.get("matches").get(0).get("juminhyo_code").asText());
    Cli denied =
        Cli.run(
            "term",
            "19",
            "lookup",
            "--jimu",
            "H5-05",
            "--name",
            "県 利用",
            "--birth-date",
            "1980-05-06",
            "--dir",
            run);
    assertEquals(1, denied.exit(), denied.out());
    assertTrue(denied.err().contains(PrefPurposeCheck.RULE_NOT_OFFICE), denied.err());

    // The counters hold exactly the four provisions, by 事務, as 即時提供.
    List<CounterRow> counters = net.counters(monitor, ReportKind.REPORT_KIND_PREFECTURE_USE);
    assertEquals(provisionsBefore + 4, sum(counters));
    assertTrue(
        counters.stream()
            .allMatch(
                c ->
                    c.getRequester().equals(TERMINAL.name())
                        && c.getMethod() == ProvisionMethod.PROVISION_METHOD_IMMEDIATE));

    // The CLI's reports, as the monitor: totals equal the provisions made and the refusals.
    String period = "FY" + ReportPeriod.fiscalYearOf(YearMonth.parse(counters.get(0).getMonth()));
    Cli use =
        Cli.run(
            "report",
            "prefecture-use",
            "--pref",
            "山梨県",
            "--period",
            period,
            "--json",
            "--dir",
            run);
    assertEquals(0, use.exit(), use.err());
    JsonNode json = Json.MAPPER.readTree(use.out());
    assertEquals(sum(counters), json.get("summary").get("total").asLong());
    assertEquals(sum(counters), json.get("statement").get("use_total").asLong());
    Cli text =
        Cli.run("report", "prefecture-use", "--pref", "19", "--period", period, "--dir", run);
    assertEquals(0, text.exit(), text.err());
    assertTrue(text.out().contains("業務の所管及び利用提供状況"), text.out());
    Cli refused =
        Cli.run("report", "refusals", "--pref", "山梨", "--period", period, "--json", "--dir", run);
    assertEquals(0, refused.exit(), refused.err());
    assertEquals(
        net.refusals(monitor).size(), Json.MAPPER.readTree(refused.out()).get("rows").size());
  }

  private static long refusalsAt(PrefServer pref) {
    return pref.status().getCountersMap().getOrDefault("refusals", 0L);
  }

  private static long sum(List<CounterRow> rows) {
    return rows.stream().mapToLong(CounterRow::getCount).sum();
  }
}
