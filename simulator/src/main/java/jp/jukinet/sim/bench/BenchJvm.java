package jp.jukinet.sim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of our benchmarks in a fresh JVM with the anchors' JVM flags ({@code -Xms1g -Xmx1g
 * -XX:+UseG1GC}, leak detection off), so the ratio compares like with like and the CLI's own JVM
 * (heap, JIT state) does not colour the figure.
 */
public final class BenchJvm {
  public static final List<String> ANCHOR_FLAGS =
      List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=disabled");

  private BenchJvm() {}

  public static BenchResult run(Class<?> mainClass, List<String> args, Duration limit, PrintWriter progress)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ANCHOR_FLAGS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    progress.println("jukinet: " + mainClass.getSimpleName() + " " + String.join(" ", args));
    progress.flush();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
        if (line.startsWith("RESULT ") || line.startsWith("INFO ") || line.startsWith("ERROR")) {
          progress.println("  " + line);
          progress.flush();
        }
      }
    }
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException(mainClass.getSimpleName() + " did not finish within " + limit);
    }
    String text = out.toString();
    return BenchResult.lastIn(text).orElseThrow(() -> new IOException(mainClass.getSimpleName()
        + " printed no RESULT line (exit " + p.exitValue() + "): "
        + (text.length() <= 2000 ? text : text.substring(text.length() - 2000))));
  }
}
