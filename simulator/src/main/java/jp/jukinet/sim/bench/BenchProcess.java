package jp.jukinet.sim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one benchmark command, echoes its INFO/RESULT lines as progress, and reads its RESULT line.
 */
final class BenchProcess {
  private BenchProcess() {}

  static BenchResult run(String label, List<String> cmd, Duration limit, PrintWriter progress)
      throws IOException, InterruptedException {
    progress.println(
        label + ": " + String.join(" ", cmd.subList(Math.max(0, cmd.size() - 12), cmd.size())));
    progress.flush();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
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
      throw new IOException(label + " did not finish within " + limit);
    }
    String text = out.toString();
    return BenchResult.lastIn(text)
        .orElseThrow(
            () ->
                new IOException(
                    label
                        + " printed no RESULT line (exit "
                        + p.exitValue()
                        + "): "
                        + (text.length() <= 2000 ? text : text.substring(text.length() - 2000))));
  }
}
