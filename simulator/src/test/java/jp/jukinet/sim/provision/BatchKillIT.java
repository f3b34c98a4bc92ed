package jp.jukinet.sim.provision;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.ProcessRef;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.testing.PeerClient;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.workload.BatchClient;
import jp.jukinet.sim.workload.BatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes: the national server is killed with SIGKILL in the middle of a 一括提供 and
 * restarted; the agency resumes from the first record it does not hold, and ends with every record
 * exactly once, and the provision log holds every provision it was sent exactly once.
 */
@Timeout(600)
class BatchKillIT {
  private static final String TOPOLOGY = "synthetic:1x2";
  private static final long COUNT = 300_000;

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path tmp;

  @Test
  void theNationalServerKilledMidBatchResumesWithoutLossOrRepeat() throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    LocalNetwork net =
        networks.start(
            Topologies.resolve(TOPOLOGY), Mode.PROCESS, dir, LaunchSettings.defaults(TOPOLOGY));
    try (NodeRuntime runtime = NodeRuntime.create(2, 2)) {
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(120)).allLinksUp());
      List<IdentityInfo> residents = BatchResidents.born(net, runtime, 500);
      List<BatchResult> out = Collections.synchronizedList(new ArrayList<>());
      String batch = "kill-9";
      Connection first =
          PeerClient.connect(net, runtime, BatchProvisionIT.AGENCY, PeerId.national());
      CompletableFuture<BatchException> stopped =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  new BatchClient(first, options(batch, 0))
                      .run(
                          BatchResidents.keys(residents, 0),
                          (chunk, n) -> out.addAll(chunk.getResultsList()));
                  return null;
                } catch (BatchException e) {
                  return e;
                }
              });
      await().atMost(Duration.ofSeconds(120)).until(() -> out.size() >= COUNT / 4);
      ProcessRef before = net.process(PeerId.national());
      net.kill(PeerId.national());
      assertFalse(before.isLive(), "SIGKILL ended the national server");
      BatchException cut = stopped.get(60, TimeUnit.SECONDS);
      assertTrue(cut != null, "the run stopped when the national server died");
      long held = out.size();
      assertEquals(held, cut.resumeFrom());
      assertTrue(held < COUNT, "killed before the end: " + held);

      net.restart(PeerId.national());
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(120)).allLinksUp());
      Connection second =
          PeerClient.connect(net, runtime, BatchProvisionIT.AGENCY, PeerId.national());
      try {
        new BatchClient(second, options(batch, held))
            .run(
                BatchResidents.keys(residents, held),
                (chunk, n) -> out.addAll(chunk.getResultsList()));
      } finally {
        second.close();
      }
      assertEquals(COUNT, out.size());
      for (int i = 0; i < COUNT; i++) {
        BatchResidents.assertExpected(residents, i, out.get(i));
      }
      ProvisionLogCheck.assertBatchLoggedOnce(net, runtime, BatchProvisionIT.AGENCY, batch, out);
    }
  }

  private static BatchClient.Options options(String batch, long from) {
    return new BatchClient.Options(
        batch,
        BatchProvisionIT.JIMU,
        ProvisionMethod.PROVISION_METHOD_BATCH_LINE,
        COUNT,
        from,
        2_000,
        8,
        Duration.ofSeconds(30));
  }
}
