package jp.jukinet.sim.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.status.NetworkStatus;
import jp.jukinet.sim.testing.InProcessCli;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The harness itself, in both modes: crash a prefecture server and see its CSs come back; a run
 * directory's data taken from one mode to the other.
 */
@Timeout(300)
class LocalNetworkIT {
  @TempDir Path tmp;

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void csReconnectsAfterItsPrefectureServerIsKilledAndRestarted(Mode mode) throws Exception {
    LocalNetwork net = networks.start(Topologies.resolve("synthetic:1x2"), mode, tmp);
    NetworkStatus up = net.awaitAllLinksUp(Duration.ofSeconds(60));
    assertEquals(3, up.linksUp());
    PeerId pref = PeerId.parse("pref-010006");
    ProcessRef before = net.process(pref);
    if (mode == Mode.PROCESS) {
      // The CSs yield to the servers (LaunchSettings.csNiceness); the servers run at normal
      // priority.
      PeerId cs =
          up.nodes().stream()
              .filter(n -> n.node().startsWith("cs-"))
              .map(n -> PeerId.parse(n.node()))
              .findFirst()
              .orElseThrow();
      assertEquals((long) LaunchSettings.DEFAULT_CS_NICENESS, niceness(net.process(cs)));
      assertEquals(0L, niceness(before));
      // With autogroup scheduling the CPU is shared between sessions, so the niceness must be
      // the CS session's too, or it does nothing against a server in its own session.
      if (Files.exists(Path.of("/proc/self/autogroup"))) {
        assertTrue(
            autogroup(net.process(cs)).endsWith(" nice " + LaunchSettings.DEFAULT_CS_NICENESS),
            autogroup(net.process(cs)));
        assertTrue(autogroup(before).endsWith(" nice 0"), autogroup(before));
        assertNotEquals(
            autogroup(before), autogroup(net.process(cs)), "each node leads a session of its own");
      }
    }

    net.kill(pref);
    if (mode == Mode.PROCESS) {
      assertFalse(before.isLive(), "SIGKILL ended the process");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !net.status().allLinksUp());
    assertFalse(net.status().nodes().get(1).answering(), "a killed node does not answer");

    net.restart(pref);
    if (mode == Mode.PROCESS) {
      assertNotEquals(before.pid(), net.process(pref).pid());
    }
    NetworkStatus again = net.awaitAllLinksUp(Duration.ofSeconds(60));
    assertEquals(3, again.linksUp());
    // The server lists a link once it accepted the Hello; the CS a moment later, on the answer.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                net.status().nodes().stream()
                    .filter(n -> n.node().startsWith("cs-"))
                    .allMatch(
                        n ->
                            n.links().stream()
                                .anyMatch(
                                    l ->
                                        l.peer().equals("pref-010006") && l.state().equals("UP"))));
    net.close();
    assertFalse(new RunDirectory(tmp).readState().isPresent(), "close removes the state");
  }

  /**
   * A small in-JVM network keeps a database per node where node processes keep theirs, so the same
   * run directory goes on in process mode with its records, and back.
   */
  @Test
  void aSmallNetworksDataMovesBetweenModes() throws Exception {
    Topology topology = Topologies.resolve("synthetic:1x2");
    RunDirectory dir = new RunDirectory(tmp);
    LocalNetwork inJvm = networks.start(topology, Mode.IN_JVM, tmp);
    inJvm.awaitAllLinksUp(Duration.ofSeconds(60));
    String cs = topology.css().get(0).id().code();
    InProcessCli born =
        InProcessCli.run(
            "cs",
            cs,
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
            tmp.toString(),
            "--json");
    assertEquals(0, born.exitCode(), born.err());
    String code = Json.MAPPER.readTree(born.out()).at("/identity/juminhyo_code").asText();
    inJvm.close();
    assertTrue(Files.exists(dir.dataDir(topology.css().get(0).id()).resolve("CURRENT")));
    assertFalse(Files.exists(dir.sharedStoreDir()), "no shared database for four nodes");

    for (Mode mode : List.of(Mode.PROCESS, Mode.IN_JVM)) {
      LocalNetwork net = networks.start(topology, mode, tmp);
      InProcessCli shown = InProcessCli.run("cs", cs, "show", code, "--dir", tmp.toString());
      assertEquals(0, shown.exitCode(), mode + ": " + shown.err());
      assertTrue(shown.out().contains("北海 花子"), mode + ": " + shown.out());
      net.close();
    }
  }

  /** /proc/<pid>/autogroup: "/autogroup-N nice K". */
  private static String autogroup(ProcessRef p) throws java.io.IOException {
    return Files.readString(Path.of("/proc", Long.toString(p.pid()), "autogroup")).trim();
  }

  /** Field 19 of /proc/<pid>/stat, the niceness. */
  private static long niceness(ProcessRef p) throws java.io.IOException {
    return ProcStat.read(p.pid()).field(19);
  }
}
