package jp.jukinet.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How {@link RunProcesses} tells a process of a run directory by its command line and pid file. */
@Timeout(60)
class RunProcessesTest {
  @TempDir Path tmp;

  @Test
  void aNodeOrTheHostOfThisDirectoryIsNamedAndNothingElse() {
    RunDirectory dir = new RunDirectory(tmp.resolve("run"));
    String root = dir.root().toString();
    assertEquals(
        Optional.of("cs-192015"),
        RunProcesses.runName(
            List.of(
                "/usr/bin/java",
                "-cp",
                "x.jar",
                "jp.jukinet.cs.CsNodeMain",
                root + "/nodes/cs-192015/config.yaml"),
            dir));
    assertEquals(
        Optional.of(RunProcesses.HOST),
        RunProcesses.runName(
            List.of("java", "jp.jukinet.sim.network.InJvmHost", "yamanashi", root), dir));
    // Another directory whose name starts with this one's, the up command itself, other mains.
    assertEquals(
        Optional.empty(),
        RunProcesses.runName(
            List.of("java", "jp.jukinet.cs.CsNodeMain", root + "2/nodes/cs-192015/config.yaml"),
            dir));
    assertEquals(
        Optional.empty(),
        RunProcesses.runName(List.of("java", "-jar", "jukinet.jar", "up", "--dir", root), dir));
    assertEquals(
        Optional.empty(),
        RunProcesses.runName(List.of("java", "Other", root + "/nodes/cs-192015/config.yaml"), dir));
  }

  @Test
  void pidFilesAreReadAndAProcessThatIsNotOfTheRunIsNotFound() throws IOException {
    RunDirectory dir = new RunDirectory(tmp.resolve("run"));
    Files.createDirectories(dir.root().resolve("nodes/national"));
    ProcessRef self = ProcessRef.of(ProcessHandle.current());
    Files.writeString(
        dir.root().resolve("nodes/national/pid"), self.pid() + " " + self.startedAtMillis());
    Files.writeString(dir.hostPidFile(), "not a pid");
    assertEquals(
        List.of(
            new RunProcesses.Found(
                "national", new ProcessRef(self.pid(), self.startedAtMillis(), ""))),
        RunProcesses.pidFiles(dir));
    // This JVM is live but runs no node of the directory (and is never its own stray).
    assertEquals(List.of(), RunProcesses.find(dir));
  }
}
