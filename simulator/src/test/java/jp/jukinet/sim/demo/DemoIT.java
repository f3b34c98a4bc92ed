package jp.jukinet.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jukinet demo} through the CLI factory against an in-JVM synthetic:2x2 network with real
 * prefecture and national servers: every operation succeeds, moves happen within and across
 * prefectures, every move ends in 転出確定 at its old CS, and the network converges.
 */
@Timeout(300)
class DemoIT {
  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path dir;

  @Test
  void theDemoDrivesEveryOperationAndConverges() throws Exception {
    LocalNetwork net = networks.start(Topologies.resolve("synthetic:2x2"), Mode.IN_JVM, dir);
    net.awaitAllLinksUp(Duration.ofSeconds(60));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(
                "demo",
                "--dir",
                dir.toString(),
                "--births",
                "80",
                "--seed",
                "7",
                "--wait",
                "120s",
                "--json");
    assertEquals(ExitCodes.OK, exit, out + "\n" + err);
    JsonNode report = Json.MAPPER.readTree(out.toString());
    assertTrue(report.get("ok").asBoolean(), out.toString());
    Map<String, JsonNode> rows = new HashMap<>();
    report.get("rows").forEach(r -> rows.put(r.get("japanese").asText(), r));
    assertEquals(80, rows.get("出生").get("succeeded").asLong());
    for (String op :
        new String[] {"出生", "転入", "転出", "特例転入", "特例転出", "転居", "氏名変更", "住民票コード変更", "死亡"}) {
      assertTrue(rows.get(op).get("succeeded").asLong() > 0, op + " was done");
      assertEquals(
          0, rows.get(op).get("failed").asLong(), op + ": " + rows.get(op).get("failures"));
    }
    for (String op : new String[] {"転入", "特例転入"}) {
      assertTrue(rows.get(op).get("within_prefecture").asLong() > 0, op + " within a prefecture");
      assertTrue(rows.get(op).get("across_prefectures").asLong() > 0, op + " across prefectures");
    }
    long moves =
        rows.get("転入").get("succeeded").asLong() + rows.get("特例転入").get("succeeded").asLong();
    assertEquals(moves, report.get("move_out_confirmations").asLong());
    assertEquals(moves, report.get("move_out_confirmed").asLong());
    JsonNode verify = report.get("verify");
    assertTrue(verify.get("converged").asBoolean());
    assertEquals(0, verify.get("difference_count").asLong());
    long expectedRecords = 80 - rows.get("死亡").get("succeeded").asLong();
    assertEquals(expectedRecords, verify.get("cs_records").asLong());
  }
}
