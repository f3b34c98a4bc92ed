package jp.jukinet.sim.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a reference benchmark (bench-anchors/run.sh, not in this repository) in the same invocation as ours, so
 * that our figure is reported as a ratio to an anchor measured on the same noisy machine at the
 * same time (docs/design.md §10), never against remembered numbers.
 */
public final class AnchorRun {
  private final Path script;
  private final Duration limit;

  public AnchorRun(Path script, Duration limit) {
    if (!Files.isExecutable(script)) {
      throw new IllegalArgumentException("bench-anchors script " + script
          + " is missing or not executable (expected ../shared/bench-anchors/run.sh beside the project; "
          + "set --anchors to its path)");
    }
    this.script = script;
    this.limit = limit;
  }

  /** Where run.sh is expected: {@code <project root>/../shared/bench-anchors/run.sh}. */
  public static Path defaultScript(Path projectRoot) {
    return projectRoot.toAbsolutePath().normalize().resolveSibling("shared").resolve("bench-anchors").resolve("run.sh");
  }

  /**
   * The raw-Netty proto-mode echo over OpenSSL mTLS with the same connections and window: the
   * protocol ceiling a jukinet lookup is compared with.
   */
  public BenchResult nettyProtoEcho(int conns, int window, Duration warmup, Duration duration, PrintWriter progress)
      throws IOException, InterruptedException {
    return run(List.of("netty-echo", "--tls", "openssl", "-c", Integer.toString(conns), "-w", Integer.toString(window),
        "--mode", "proto", "--warmup", seconds(warmup), "--duration", seconds(duration)), progress);
  }

  /** A duration as the seconds the anchors' and our benchmarks' --warmup/--duration take. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  public BenchResult run(List<String> args, PrintWriter progress) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(args);
    return BenchProcess.run("anchor", cmd, limit, progress);
  }
}
