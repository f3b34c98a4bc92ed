package jp.jukinet.sim.provision;

import static jp.jukinet.sim.provision.ProvisionNetwork.WAIT;
import static jp.jukinet.sim.provision.ProvisionNetwork.agency;
import static jp.jukinet.sim.provision.ProvisionNetwork.lookup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.report.ReportPeriod;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.workload.AgencyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The national server's reports through the CLI, as the monitor, against a live network: {@code
 * report provisions} (官報 and totals), {@code disclosures} and {@code refusals} count exactly the
 * provisions, 開示 and refusals made; a period without activity prints the empty layouts.
 */
@Timeout(300)
class ReportsIT {
  @TempDir static Path dir;
  @RegisterExtension static final TestNetworks networks = new TestNetworks();
  static ProvisionNetwork net;
  static String run;

  @BeforeAll
  static void start() {
    net = new ProvisionNetwork(networks, dir.resolve("run"));
    run = net.net.directory().root().toString();
  }

  @AfterAll
  static void stop() {
    net.close();
  }

  static JsonNode json(String... args) throws Exception {
    Cli cli = Cli.run(args);
    assertEquals(0, cli.exit(), cli.err());
    return Json.MAPPER.readTree(cli.out());
  }

  @Test
  void reportsCountWhatWasDone() throws Exception {
    IdentityInfo a = net.born("報告 一郎", "1950-01-01", Sex.SEX_MALE, "甲府市丸の内1-1", "2020-04-01");
    IdentityInfo b = net.born("報告 二郎", "1951-02-02", Sex.SEX_MALE, "甲府市丸の内1-2", "2020-04-01");
    Connection pension = net.connect(agency("A20"));
    Connection mic = net.connect(agency("A03"));
    lookup(pension, "J39", AgencyClient.byCode(a.getJuminhyoCode()), null)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    lookup(pension, "J42", AgencyClient.byCode(b.getJuminhyoCode()), null)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    lookup(mic, "J03", AgencyClient.byCode(a.getJuminhyoCode()), null)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThrows(
        ExecutionException.class,
        () ->
            lookup(mic, "J39", AgencyClient.byCode(a.getJuminhyoCode()), null)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    Cli disclose =
        Cli.run(
            "disclose",
            a.getJuminhyoCode(),
            "--request-method",
            "郵送",
            "--receive-method",
            "来所",
            "--dir",
            run);
    assertEquals(0, disclose.exit(), disclose.err());

    List<CounterRow> counters =
        net.counters(net.connect(ProvisionNetwork.MONITOR), ReportKind.REPORT_KIND_PROVISIONS);
    long provided = counters.stream().mapToLong(CounterRow::getCount).sum();
    assertEquals(3, provided);
    String period = "FY" + ReportPeriod.fiscalYearOf(YearMonth.parse(counters.get(0).getMonth()));

    JsonNode provisions = json("report", "provisions", "--period", period, "--json", "--dir", run);
    assertEquals(provided, provisions.get("announcement").get("total").asLong());
    assertEquals(provided, provisions.get("totals").get("total").asLong());
    JsonNode blocks = provisions.get("announcement").get("blocks");
    assertEquals("agency-A03", blocks.get(0).get("requester").asText());
    assertEquals("総務省", blocks.get(0).get("agency").asText());
    assertEquals("agency-A20", blocks.get(1).get("requester").asText());
    assertEquals(
        2, blocks.get(1).get("lines").get(0).get("count").asLong(), "J39 and J42 in one row");
    assertEquals("即時提供", blocks.get(1).get("lines").get(0).get("method").asText());

    Cli text = Cli.run("report", "provisions", "--period", period, "--dir", run);
    assertEquals(0, text.exit(), text.err());
    assertTrue(text.out().contains("提供件数合計  3 件"), text.out());
    assertTrue(text.out().contains("国の行政機関等に対する本人確認情報の提供状況("), text.out());
    Cli csv = Cli.run("report", "provisions", "--period", period, "--csv", "--dir", run);
    assertEquals(1 + 2, csv.out().split("\r\n").length, csv.out());

    JsonNode disclosures =
        json("report", "disclosures", "--period", period, "--json", "--dir", run);
    assertEquals(1, disclosures.get("total").get("total").asLong());
    assertEquals(1, disclosures.get("total").get("request_by_post").asLong());
    assertEquals(1, disclosures.get("total").get("receive_in_person").asLong());

    JsonNode refusals = json("report", "refusals", "--period", period, "--json", "--dir", run);
    JsonNode rows = refusals.get("rows");
    assertTrue(rows.size() >= 1, refusals.toString());
    JsonNode last = rows.get(rows.size() - 1);
    assertEquals("agency-A03", last.get("peer").asText());
    assertEquals("J39", last.get("jimu_code").asText());

    // A period without activity: the empty layouts.
    Cli empty = Cli.run("report", "provisions", "--period", "FY2000", "--dir", run);
    assertEquals(0, empty.exit(), empty.err());
    assertTrue(empty.out().contains("提供件数合計  0 件"), empty.out());
    Cli emptyDisclosures = Cli.run("report", "disclosures", "--period", "2000-05", "--dir", run);
    assertTrue(emptyDisclosures.out().contains("合計"), emptyDisclosures.out());
  }
}
