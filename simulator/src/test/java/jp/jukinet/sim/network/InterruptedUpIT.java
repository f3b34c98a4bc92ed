package jp.jukinet.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.testing.InProcessCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An {@code up} stopped at a random moment (SIGINT as Ctrl-C sends it, SIGTERM, or SIGKILL which no
 * hook sees), in both modes, with real processes, then {@code down}: no process of the run
 * survives, whatever the state file says. The moments come from a seeded random: the seed is
 * printed, and {@code -Djukinet.it.seed=N} replays a run.
 */
@Timeout(900)
class InterruptedUpIT {
  private static final long SEED = Long.getLong("jukinet.it.seed", System.nanoTime());
  private static final int INTERRUPTS_PER_MODE = 3;
  private static final long MAX_DELAY_MILLIS = 20_000;
  private static final List<String> SIGNALS = List.of("INT", "KILL", "TERM");

  private static ScheduledExecutorService timer;

  @TempDir Path tmp;

  private final List<Process> ups = new ArrayList<>();

  @BeforeAll
  static void seed() {
    System.out.println(
        "InterruptedUpIT: seed " + SEED + " (replay with -Djukinet.it.seed=" + SEED + ")");
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stopTimer() {
    timer.shutdownNow();
  }

  @AfterEach
  void leaveNothing() {
    ups.forEach(Process::destroyForcibly);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void upInterruptedAtAnyMomentThenDownLeavesNoProcess(Mode mode) throws Exception {
    Random random = new Random(SEED + mode.ordinal());
    for (int i = 0; i < INTERRUPTS_PER_MODE; i++) {
      Path run = tmp.resolve("run-" + i);
      String signal = SIGNALS.get(i % SIGNALS.size());
      long delay = random.nextLong(MAX_DELAY_MILLIS);
      String what = mode.word() + " up #" + i + ", SIG" + signal + " after " + delay + " ms";
      System.out.println("InterruptedUpIT: " + what);
      Path output = tmp.resolve("up-" + i + ".out");
      Process up = startUp(mode, run, output);
      ups.add(up);
      timer.schedule(() -> signal(up, signal), delay, TimeUnit.MILLISECONDS);
      assertTrue(up.waitFor(300, TimeUnit.SECONDS), what + ": up did not end");
      String printed = Files.readString(output);

      if (signal.equals("KILL")) {
        // Nothing stopped the nodes: the state file may be missing or half-written. Without it,
        // a second up still sees the strays and names them.
        Files.deleteIfExists(new RunDirectory(run).stateFile());
        List<Long> strays = processesOf(run);
        if (!strays.isEmpty()) {
          InProcessCli again =
              jukinet("up", "--topology", "synthetic:1x3", "--dir", run.toString());
          assertEquals(ExitCodes.UNEXPECTED_STATE, again.exitCode(), what + ": " + again.err());
          assertTrue(
              again.err().contains("pid " + strays.get(0)) && again.err().contains("jukinet down"),
              what + ": " + again.err());
        }
      }
      InProcessCli down = jukinet("down", "--dir", run.toString(), "--grace", "10s");
      assertEquals(ExitCodes.OK, down.exitCode(), what + ": " + down.err());
      System.out.print(printed.indent(2) + down.out().indent(2));
      assertEquals(
          List.of(),
          processesOf(run),
          what + ": processes of the run survive down; up printed:\n" + printed + down.out());
    }
  }

  /** {@code jukinet up} in a JVM of its own, with SIGINT at its default (as in a terminal). */
  private static Process startUp(Mode mode, Path run, Path output) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (envResetsSignals()) {
      // A background job of a non-interactive shell ignores SIGINT, and a JVM started so keeps
      // ignoring it: reset it, as a terminal's Ctrl-C finds it.
      cmd.addAll(List.of("env", "--default-signal=INT"));
    }
    cmd.addAll(
        MultiHostIT.jukinetCommand(
            "up", "--topology", "synthetic:1x3", "--dir", run.toString(), "--timeout", "240s"));
    if (mode == Mode.IN_JVM) {
      cmd.addAll(List.of("--in-jvm", "--host-jvm-opts", "-Xmx512m -XX:+UseSerialGC"));
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static boolean envResetsSignals() {
    try {
      return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void signal(Process p, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Every process other than this one whose command line names the run directory, found in /proc
   * independently of the launcher's own search (zombies have no command line).
   */
  private static List<Long> processesOf(Path run) throws IOException {
    String dir = run.toAbsolutePath().normalize().toString();
    long self = ProcessHandle.current().pid();
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> each = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : each) {
        String cmdline;
        try {
          cmdline =
              new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
        } catch (IOException e) {
          continue; // gone meanwhile
        }
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && (cmdline.contains(dir + "/") || cmdline.contains(dir + " "))) {
          out.add(pid);
        }
      }
    }
    return out;
  }

  private static InProcessCli jukinet(String... args) {
    return InProcessCli.run(args);
  }
}
