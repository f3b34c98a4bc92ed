package jp.jukinet.sim.verify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreIterator;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.bench.BirthLoad;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.ProcessRef;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real node processes (synthetic:2x2): operators drive thousands of 出生 into all four CSs while a
 * prefecture server or the national server is killed with SIGKILL and restarted. Afterwards {@code
 * jukinet verify} reports zero differences and zero lag, and the national server's history holds
 * every (source, sequence) exactly once.
 */
@Timeout(600)
class KillNineIT {
  private static final String TOPOLOGY = "synthetic:2x2";
  private static final int PER_CS = 1_500;

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"pref", "national"})
  void aNodeKilledMidStreamLosesNothingAndAppliesEveryChangeOnce(String victimRole)
      throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    Map<String, Long> perCs = new HashMap<>();
    LocalNetwork net =
        networks.start(
            Topologies.resolve(TOPOLOGY), Mode.PROCESS, dir, LaunchSettings.defaults(TOPOLOGY));
    try (NodeRuntime runtime = NodeRuntime.create(2, 1)) {
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(120)).allLinksUp());
      Map<PeerId, InetSocketAddress> css = new LinkedHashMap<>();
      PeerId victim = null;
      for (NetworkState.Node n : net.state().nodes()) {
        if (n.id().role() == NodeRole.NODE_ROLE_CS) {
          css.put(n.id(), new InetSocketAddress(n.host(), n.port()));
        } else if (victim == null && PeerId.roleName(n.id().role()).equals(victimRole)) {
          victim = n.id();
        }
      }
      assertEquals(4, css.size());
      ProcessRef before = net.process(victim);
      try (BirthLoad load =
          BirthLoad.start(runtime.transport(), dir.pkiDir(), css, 16, PER_CS, 0)) {
        await().atMost(Duration.ofSeconds(120)).until(() -> load.acked() >= PER_CS);
        net.kill(victim);
        assertFalse(before.isLive(), "SIGKILL ended " + victim);
        // The CSs keep accepting operations while the victim is down; their changes wait in
        // outboxes.
        await().atMost(Duration.ofSeconds(120)).until(() -> load.acked() >= 2L * PER_CS);
        net.restart(victim);
        assertTrue(load.awaitDone(Duration.ofSeconds(240)), "every birth was answered");
        assertEquals(0, load.failed(), "operator errors: " + load.errors());
        assertEquals(4L * PER_CS, load.acked());
      }
      for (PeerId cs : css.keySet()) {
        perCs.put(cs.code(), (long) PER_CS);
      }

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          JukinetMain.commandLine(new PrintWriter(out), new PrintWriter(err))
              .execute("verify", "--dir", tmp.toString(), "--wait", "180s", "--json");
      assertEquals(ExitCodes.OK, code, out + "\n" + err);
      JsonNode report = Json.MAPPER.readTree(out.toString());
      assertEquals(0, report.get("difference_count").asLong());
      assertEquals(4L * PER_CS, report.get("cs_records").asLong());
      assertEquals(0, report.get("lag").size());
      assertTrue(report.get("converged").asBoolean());
    }
    net.close(); // the nodes stop, so the test may open the national server's database
    assertHistoryHoldsEachChangeOnce(dir, perCs);
  }

  /** Opens the stopped national server's database and counts its history per (source, sequence). */
  private static void assertHistoryHoldsEachChangeOnce(RunDirectory dir, Map<String, Long> perCs)
      throws Exception {
    ExecutorService completions = Executors.newSingleThreadExecutor();
    try (StoreResources resources = StoreResources.create(16L << 20, 16L << 20);
        NodeDatabase db =
            NodeDatabase.open(
                "check",
                dir.dataDir(PeerId.national()),
                NationalServer.COLUMN_FAMILIES,
                resources,
                completions)) {
      Map<String, Set<Long>> seen = new HashMap<>();
      long entries = 0;
      IdentityRegistry registry = new IdentityRegistry(db);
      List<IdentityChange> changes = new ArrayList<>();
      try (StoreIterator it = db.iterator(IdentityRegistry.PERSON_CF)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          changes.addAll(registry.history(new String(it.key(), StandardCharsets.UTF_8)));
        }
      }
      for (IdentityChange c : changes) {
        entries++;
        assertTrue(
            seen.computeIfAbsent(c.getSourceMunicipality(), k -> new HashSet<>())
                .add(c.getSequence()),
            "history holds "
                + c.getSourceMunicipality()
                + "#"
                + c.getSequence()
                + " more than once");
      }
      long expected = perCs.values().stream().mapToLong(Long::longValue).sum();
      assertEquals(expected, entries);
      for (Map.Entry<String, Long> e : perCs.entrySet()) {
        Set<Long> s = seen.get(e.getKey());
        assertEquals(e.getValue(), s.size(), e.getKey());
        assertEquals(e.getValue(), s.stream().mapToLong(Long::longValue).max().orElse(0));
      }
    } finally {
      completions.shutdownNow();
    }
  }
}
