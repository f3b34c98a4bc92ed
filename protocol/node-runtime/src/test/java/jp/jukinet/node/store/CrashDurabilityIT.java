package jp.jukinet.node.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A commit whose future completed survives SIGKILL of the process (kill -9). */
@Timeout(120)
class CrashDurabilityIT {
  @TempDir Path dir;

  /** Complete "ACK n" lines written so far (a torn last line is ignored). */
  private static List<Long> acked(Path out) throws IOException {
    String text = Files.readString(out, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    List<Long> acks = new ArrayList<>();
    if (end < 0) {
      return acks;
    }
    for (String line : text.substring(0, end).split("\n")) {
      if (line.startsWith("ACK ")) {
        acks.add(Long.parseLong(line.substring(4).trim()));
      }
    }
    return acks;
  }

  @Test
  void everyAcknowledgedCommitIsFoundAfterKill9() throws Exception {
    Path data = dir.resolve("node");
    // The child's stdout goes to a file: Process.destroyForcibly closes our pipe ends, a file keeps
    // every line the child wrote before it died.
    Path out = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                CrashWriterMain.class.getName(),
                data.toString())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !child.isAlive() || acked(out).size() >= 3000);
      assertTrue(child.isAlive(), "the child exited by itself");
      child.destroyForcibly(); // SIGKILL, mid-stream
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    List<Long> acked = acked(out);
    assertTrue(acked.size() >= 3000, "only " + acked.size() + " acks");

    try (StoreFixture fx = new StoreFixture()) {
      NodeDatabase db = fx.open("crash-writer", data);
      for (long seq : acked) {
        assertNotNull(
            db.get("data", CrashWriterMain.key(seq)), "acknowledged entry " + seq + " lost");
      }
    }
  }
}
