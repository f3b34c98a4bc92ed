package jp.jukinet.sim.cs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A CS crashed between its write and its send (its prefecture server is down too, so the changes
 * sit in its outbox) resends them after restart: nothing lost, nothing applied twice. In both
 * modes: a SIGKILL of the CS process, or in one JVM an abandoned CS (queued commits dropped, no
 * clean close), see {@code LocalNetwork.kill}.
 */
@Timeout(240)
class CsCrashIT {
  static final int CHANGES = 5;

  @TempDir Path dir;

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void changesWrittenButNotSentSurviveACrash(Mode mode) throws Exception {
    Topology topology = Topologies.resolve("synthetic:1x1");
    PeerId cs = topology.css().get(0).id();
    PeerId pref = topology.prefectures().get(0).id();
    LocalNetwork net = networks.start(topology, mode, dir);
    net.awaitAllLinksUp(Duration.ofSeconds(90));
    net.kill(pref);
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < CHANGES; i++) {
      Cli born =
          Cli.run(
              "cs",
              cs.code(),
              "birth",
              "--name",
              "試験 " + i,
              "--birth-date",
              "2000-01-0" + (i + 1),
              "--sex",
              "M",
              "--address",
              "合成市 " + i,
              "--dir",
              dir.toString(),
              "--json");
      assertEquals(ExitCodes.OK, born.exit(), born.err());
      JsonNode j = Json.MAPPER.readTree(born.out());
      codes.add(j.at("/identity/juminhyo_code").asText());
    }
    assertEquals(CHANGES, codes.size());
    assertEquals((long) CHANGES, counters(net, cs).get("outbox_size"), "written, not sent");
    net.kill(cs);
    net.restart(pref);
    net.restart(cs);
    net.awaitAllLinksUp(Duration.ofSeconds(90));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                counters(net, PeerId.national()).getOrDefault("applied." + cs.code(), 0L)
                    == CHANGES);
    Map<String, Long> ns = counters(net, PeerId.national());
    assertEquals((long) CHANGES, ns.get("persons"), ns.toString());
    Map<String, Long> ps = counters(net, pref);
    assertEquals((long) CHANGES, ps.get("changes_applied"), ps.toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> counters(net, cs).get("outbox_size") == 0L);
    assertEquals((long) CHANGES, counters(net, cs).get("changes_recorded"));
  }

  private static Map<String, Long> counters(LocalNetwork net, PeerId node) {
    return net.nodeStatus(node).getCountersMap();
  }
}
