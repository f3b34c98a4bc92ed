package jp.jukinet.sim.cs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.jukinet.national.NationalServer;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code jukinet cs …} against an in-JVM network with real prefecture and national servers. */
@Timeout(180)
class CsCliIT {
  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path dir;

  @Test
  void operationsFromTheCliReachTheNationalServer() throws Exception {
    Topology topology = Topologies.resolve("synthetic:1x2");
    LocalNetwork net = networks.start(topology, Mode.IN_JVM, dir);
    net.awaitAllLinksUp(Duration.ofSeconds(60));
    String a = topology.css().get(0).id().code();
    String b = topology.css().get(1).id().code();
    String d = dir.toString();
    String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();

    Cli born =
        Cli.run(
            "cs",
            a,
            "出生",
            "--name",
            "北海 花子",
            "--birth-date",
            "2020-04-01",
            "--sex",
            "女",
            "--address",
            "合成市1 1-1",
            "--dir",
            d,
            "--json");
    assertEquals(ExitCodes.OK, born.exit(), born.err());
    JsonNode j = Json.MAPPER.readTree(born.out());
    String code = j.at("/identity/juminhyo_code").asText();
    String number = j.at("/identity/individual_number").asText();
    assertEquals("出生", j.at("/change/reason").asText());
    NationalServer ns = (NationalServer) net.inJvmNode(PeerId.national());
    await().atMost(Duration.ofSeconds(30)).until(() -> ns.registry().current(code).isPresent());

    Cli table = Cli.run("cs", a.substring(0, 5), "show", code, "--dir", d);
    assertEquals(ExitCodes.OK, table.exit(), table.err());
    assertTrue(table.out().contains("住民票コード") && table.out().contains("北海 花子"), table.out());

    // 転出 from a, 転入 at b (5-digit codes accepted), then 転出確定 at a reaches the NS.
    Cli out =
        Cli.run("cs", a, "move-out", code, "--to", b.substring(0, 5), "--date", today, "--dir", d);
    assertEquals(ExitCodes.OK, out.exit(), out.err());
    Cli in =
        Cli.run(
            "cs",
            b,
            "転入",
            "--code",
            code,
            "--number",
            number,
            "--name",
            "北海 花子",
            "--birth-date",
            "2020-04-01",
            "--sex",
            "F",
            "--address",
            "合成市2 2-2",
            "--from",
            a,
            "--from-address",
            "合成市1 1-1",
            "--dir",
            d,
            "--json");
    assertEquals(ExitCodes.OK, in.exit(), in.err());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ns.registry().history(code).stream()
                    .anyMatch(
                        c ->
                            c.getReason()
                                == jp.jukinet.protocol.proto.ChangeReason
                                    .CHANGE_REASON_MOVE_OUT_CONFIRMED));
    assertEquals(b, ns.registry().current(code).orElseThrow().getMunicipalityCode());
    assertTrue(!ns.registry().current(code).orElseThrow().getRemoved());

    // 広域交付 from a (交付地) of the person now registered at b (住所地), across the PS.
    Cli copy = Cli.run("cs", a, "広域交付", code, "--residence", b, "--dir", d, "--json");
    assertEquals(ExitCodes.OK, copy.exit(), copy.err());
    assertEquals("合成市2 2-2", Json.MAPPER.readTree(copy.out()).at("/identity/address").asText());

    // Errors: the code and message, and the named exit codes.
    Cli dead = Cli.run("cs", a, "死亡", code, "--dir", d);
    assertEquals(ExitCodes.FAILURE, dead.exit());
    assertTrue(dead.err().contains("CONFLICT") && dead.err().contains("転出"), dead.err());
    Cli bad =
        Cli.run(
            "cs",
            b,
            "birth",
            "--name",
            "x",
            "--birth-date",
            "2020-02-30",
            "--sex",
            "M",
            "--address",
            "y",
            "--dir",
            d);
    assertEquals(ExitCodes.INVALID_INPUT, bad.exit());
    assertTrue(
        bad.err().contains("INVALID_REQUEST") && bad.err().contains("2020-02-30"), bad.err());
    Cli search =
        Cli.run(
            "cs",
            b,
            "search",
            "--name",
            "北海花子",
            "--birth-date",
            "2020-04-01",
            "--dir",
            d,
            "--json");
    assertEquals(ExitCodes.OK, search.exit(), search.err());
    assertEquals(
        code,
        Json.MAPPER.readTree(search.out()).at("/residents/0/identity/juminhyo_code").asText());
  }
}
