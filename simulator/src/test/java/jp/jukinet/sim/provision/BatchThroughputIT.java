package jp.jukinet.sim.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.PeerClient;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.workload.BatchClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 一括提供 figure (not a test of correctness): records per second of one batch of {@code
 * batch.keys} keys (default 1,000,000) over residents born through the CSs, on a local network in
 * one JVM, the agency's client counting chunks and dropping them. Run with {@code
 * -Dbatch.bench=true}; prints one line.
 */
@Timeout(900)
@EnabledIfSystemProperty(named = "batch.bench", matches = "true")
class BatchThroughputIT {
  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path tmp;

  @Test
  void oneBatchOfAMillionKeys() throws Exception {
    long count = Long.getLong("batch.keys", 1_000_000);
    int perCs = Integer.getInteger("batch.residents.per.cs", 10_000);
    LocalNetwork net = networks.start(Topologies.resolve("synthetic:1x2"), Mode.IN_JVM, tmp);
    assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(60)).allLinksUp());
    try (NodeRuntime runtime = NodeRuntime.create(2, 2)) {
      long bornStart = System.nanoTime();
      List<IdentityInfo> residents = BatchResidents.born(net, runtime, perCs);
      double bornSecs = (System.nanoTime() - bornStart) / 1e9;
      for (int round = 0; round < 2; round++) { // the first warms both JVM sides up
        long n = round == 0 ? Math.min(count, 200_000) : count;
        Connection c = PeerClient.connect(net, runtime, BatchProvisionIT.AGENCY, PeerId.national());
        AtomicLong found = new AtomicLong();
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        BatchClient.Summary s;
        try {
          s =
              new BatchClient(
                      c,
                      new BatchClient.Options(
                          "bench-" + round,
                          BatchProvisionIT.JIMU,
                          ProvisionMethod.PROVISION_METHOD_BATCH_LINE,
                          n,
                          0,
                          Integer.getInteger("batch.keys.per.frame", 2_000),
                          Integer.getInteger("batch.window", 16),
                          Duration.ofSeconds(60)))
                  .run(
                      BatchResidents.keys(residents, 0),
                      (chunk, k) -> found.addAndGet(chunk.getResultsCount()));
        } finally {
          c.close();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuMicrosPerRecord = (os.getProcessCpuTime() - cpuStart) / 1e3 / n;
        assertEquals(n, s.records());
        System.out.printf(
            Locale.ROOT,
            "batch bench: %s%,d keys over %,d residents (born in %.1f s): %.2f s, %,.0f records/s, %,d chunks;"
                + " %.1f µs CPU per record (agency and every node in this JVM), load average %.1f on %d cores%n",
            round == 0 ? "(warm-up) " : "",
            n,
            residents.size(),
            bornSecs,
            secs,
            n / secs,
            s.chunks(),
            cpuMicrosPerRecord,
            os.getSystemLoadAverage(),
            os.getAvailableProcessors());
      }
    }
  }
}
