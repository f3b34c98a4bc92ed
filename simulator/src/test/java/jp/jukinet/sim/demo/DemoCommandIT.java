package jp.jukinet.sim.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.network.LaunchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jukinet demo} in a clean directory, as a real process: it launches yamanashi (a process
 * per node), populates it, runs the demo scenario to the end with every check passing, exits 0,
 * names its report.html, and leaves no process behind.
 */
@Timeout(900)
class DemoCommandIT {
  private static final Pattern REPORT = Pattern.compile("(?m)^report: (\\S+report\\.html)$");

  @TempDir Path clean;

  private Process demo;

  @AfterEach
  void leaveNothing() {
    if (demo != null && demo.isAlive()) {
      demo.destroy(); // never SIGKILL: its shutdown hook stops the nodes
    }
  }

  @Test
  void theDemoRunsToTheEndInACleanDirectoryAndLeavesNoProcessBehind() throws Exception {
    Path output = clean.resolve("demo.out");
    demo =
        new ProcessBuilder(
                List.of(
                    LaunchSettings.currentJava().toString(),
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    LaunchSettings.currentClasspath(),
                    JukinetMain.class.getName(),
                    "demo"))
            .directory(clean.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    // Every process it starts, seen while it runs (a node killed and restarted is a new one).
    Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    await()
        .atMost(Duration.ofMinutes(14))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              demo.descendants().forEach(started::add);
              return !demo.isAlive();
            });
    String printed = Files.readString(output);
    assertEquals(0, demo.exitValue(), printed);

    Matcher m = REPORT.matcher(printed);
    assertTrue(m.find(), "the path of report.html is printed:\n" + printed);
    Path html = Path.of(m.group(1));
    assertTrue(html.startsWith(clean.toRealPath()) || html.startsWith(clean), html.toString());
    assertTrue(Files.size(html) > 0, "report.html exists");

    JsonNode report = new ObjectMapper().readTree(html.resolveSibling("report.json").toFile());
    assertEquals("pass", report.get("result").asText(), report.get("failures").toString());
    assertTrue(report.get("populationBorn").asLong() > 1000, "the population was registered first");
    for (JsonNode row : report.get("operations")) {
      assertTrue(
          row.get("succeeded").asLong() > 0, row.get("japanese").asText() + " was shown: " + row);
    }
    assertEquals(1, report.get("faults").size(), "the prefecture server was killed once");
    List<String> checks = new ArrayList<>();
    report.get("checks").forEach(c -> checks.add(c.get("name").asText()));
    assertTrue(
        checks.containsAll(
            List.of("convergence", "exactly_once", "unique_codes", "moves_confirmed")),
        checks.toString());

    assertTrue(started.size() >= 29, "its 29 nodes ran as processes: " + started.size());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertEquals(
                  List.of(),
                  started.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                  "every process the demo started has ended");
              assertEquals(List.of(), processesIn(clean), "no process runs from the directory");
            });
  }

  /**
   * Every process other than this one whose command line names {@code dir} or that runs in it,
   * found in /proc (zombies have no command line).
   */
  private static List<Long> processesIn(Path dir) throws IOException {
    String path = dir.toRealPath().toString();
    long self = ProcessHandle.current().pid();
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> each = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : each) {
        String cmdline;
        String cwd;
        try {
          cmdline =
              new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
        } catch (IOException e) {
          continue; // gone meanwhile, or not ours to read
        }
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && (cmdline.contains(path) || cwd.startsWith(path))) {
          out.add(pid);
        }
      }
    }
    return out;
  }
}
