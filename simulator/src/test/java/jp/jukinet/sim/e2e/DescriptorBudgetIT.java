package jp.jukinet.sim.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.topology.Topologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-JVM synthetic:4x30 host (125 nodes) given a low descriptor budget: the JVM's open
 * descriptors (the test's own clients included), sampled while the demo's changes flow and verify
 * runs, stay under the budget, and the network converges. Its open files (not sockets or jars) stay
 * fewer than its nodes: a RocksDB instance per node would hold a WAL, a LOCK, a MANIFEST and a
 * directory each.
 */
@Timeout(600)
class DescriptorBudgetIT {
  private static final String TOPOLOGY = "synthetic:4x30";
  private static final int NODES = 125;
  private static final long BUDGET = 1_500;

  @TempDir Path dir;

  @Test
  void anInJvmHostStaysWithinItsDescriptorBudgetWhileChangesFlow() throws Exception {
    AtomicLong peak = new AtomicLong();
    AtomicLong peakFiles = new AtomicLong();
    AtomicReference<Map<String, Long>> atPeak = new AtomicReference<>(Map.of());
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try (LocalNetwork net =
        LocalNetwork.start(
            Topologies.resolve(TOPOLOGY),
            Mode.IN_JVM,
            new RunDirectory(dir),
            LaunchSettings.defaults(TOPOLOGY).withDescriptorBudget(BUDGET))) {
      sampler.scheduleAtFixedRate(
          () -> {
            Map<String, Long> kinds = openDescriptors();
            long n = kinds.values().stream().mapToLong(Long::longValue).sum();
            peakFiles.accumulateAndGet(
                kinds.getOrDefault("file", 0L) + kinds.getOrDefault("table", 0L), Math::max);
            if (n > peak.get()) {
              peak.set(n);
              atPeak.set(kinds);
            }
          },
          0,
          20,
          TimeUnit.MILLISECONDS);
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(180)).allLinksUp());
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
              .execute(
                  "demo",
                  "--dir",
                  dir.toString(),
                  "--births",
                  "600",
                  "--seed",
                  "11",
                  "--wait",
                  "240s",
                  "--json");
      assertEquals(ExitCodes.OK, exit, out + "\n" + err);
      JsonNode report = Json.MAPPER.readTree(out.toString());
      JsonNode verify = report.get("verify");
      assertTrue(verify.get("converged").asBoolean(), out.toString());
      assertEquals(0, verify.get("difference_count").asLong());
    } finally {
      sampler.shutdownNow();
    }
    String seen =
        "peak open descriptors "
            + peak.get()
            + " ("
            + atPeak.get()
            + ") of a budget of "
            + BUDGET
            + "; peak open files "
            + peakFiles.get();
    System.out.println("DescriptorBudgetIT: " + seen);
    assertTrue(peak.get() > 0, "the sampler ran");
    assertTrue(peak.get() < BUDGET, seen);
    assertTrue(peakFiles.get() < NODES, seen);
  }

  /** This JVM's open descriptors by kind: sockets, table files, other files, pipes and the like. */
  private static Map<String, Long> openDescriptors() {
    Map<String, Long> kinds = new TreeMap<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> kinds.merge(kind(fd), 1L, Long::sum));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kinds;
  }

  private static String kind(Path fd) {
    try {
      String target = Files.readSymbolicLink(fd).toString();
      if (target.startsWith("socket:")) {
        return "socket";
      }
      if (target.endsWith(".sst")) {
        return "table";
      }
      if (target.endsWith(".jar")) {
        return "jar";
      }
      int bracket = target.indexOf('[');
      return target.startsWith("/") ? "file" : bracket > 0 ? target.substring(0, bracket) : target;
    } catch (IOException e) {
      return "closed"; // gone between the listing and the read
    }
  }
}
