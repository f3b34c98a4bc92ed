package jp.jukinet.sim.provision;

import static jp.jukinet.sim.provision.ProvisionNetwork.WAIT;
import static jp.jukinet.sim.provision.ProvisionNetwork.agency;
import static jp.jukinet.sim.provision.ProvisionNetwork.lookup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.provision.ProvisionLog;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionLogRequest;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.workload.AgencyClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real 即時提供 at an in-JVM national server (its log in the host's shared store): the monitor reads a
 * log that verifies with the national server's certificate, sealed to its end, and whose entries
 * add up to the counters.
 */
@Timeout(300)
class ProvisionLogIT {
  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @Test
  void provisionsMadeAreLoggedSealedAndCounted() throws Exception {
    try (ProvisionNetwork net = new ProvisionNetwork(networks, dir.resolve("run"))) {
      IdentityInfo p = net.born("記録 花子", "1980-02-03", Sex.SEX_FEMALE, "甲府市1", null);
      IdentityInfo q = net.born("記録 太郎", "1981-04-05", Sex.SEX_MALE, "甲府市2", null);
      Connection pension = net.connect(agency("A20"));
      for (int i = 0; i < 25; i++) {
        String code = (i % 2 == 0 ? p : q).getJuminhyoCode();
        lookup(pension, i % 3 == 0 ? "J40" : "J39", AgencyClient.byCode(code), null)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      String run = net.net.directory().root().toString();
      Cli verified = Cli.run("verify-log", "--dir", run, "--json");
      assertEquals(ExitCodes.OK, verified.exit(), verified.out() + verified.err());
      JsonNode report = Json.MAPPER.readTree(verified.out());
      long entries = report.get("entries").asLong();
      assertTrue(entries >= 25, verified.out());
      assertEquals(entries, report.get("sealed_through").asLong(), "sealed to its end");
      assertEquals(0, report.get("sealed_after_restart").asLong());

      // The counters agree with the log as the monitor reads it.
      Connection monitor = net.connect(ProvisionNetwork.MONITOR);
      Map<String, Long> fromLog = new HashMap<>();
      long after = 0;
      ProvisionLogPage page;
      do {
        page =
            monitor
                .request(
                    Envelope.newBuilder()
                        .setProvisionLogRequest(
                            ProvisionLogRequest.newBuilder().setAfterSequence(after).setLimit(7)),
                    WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .getProvisionLogPage();
        for (ProvisionLogEntry e : page.getEntriesList()) {
          fromLog.merge(
              e.getRequester() + "/" + e.getJimuCode() + "/" + e.getMethod(),
              (long) e.getPersonsCount(),
              Long::sum);
          after = e.getSequence();
        }
      } while (page.getMore());
      fromLog.values().removeIf(v -> v == 0);
      ProvisionLog log = net.national().provisionLog();
      Map<String, Long> counted = new HashMap<>();
      for (CounterRow r : log.counters(null, null)) {
        counted.merge(
            r.getRequester() + "/" + r.getJimuCode() + "/" + r.getMethod(),
            r.getCount(),
            Long::sum);
      }
      assertEquals(fromLog, counted);
      assertTrue(counted.getOrDefault("agency-A20/J39/PROVISION_METHOD_IMMEDIATE", 0L) >= 16);
    }
  }
}
