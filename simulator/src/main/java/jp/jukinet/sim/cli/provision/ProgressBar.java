package jp.jukinet.sim.cli.provision;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar with the rate, redrawn in place on a terminal (at most 5 times a second) and as a
 * line every 5 seconds otherwise.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final String what;
  private final long total;
  private final long startIndex;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private long lastNanos;

  ProgressBar(PrintWriter out, String what, long total, long startIndex, boolean terminal) {
    this.out = out;
    this.what = what;
    this.total = total;
    this.startIndex = startIndex;
    this.terminal = terminal;
  }

  void update(long done) {
    long now = System.nanoTime();
    long every = terminal ? 200_000_000L : 5_000_000_000L;
    if (now - lastNanos < every || done >= total) {
      return; // the end is drawn by finish
    }
    lastNanos = now;
    out.print((terminal ? "\r" : "") + line(done, now) + (terminal ? "" : "\n"));
    out.flush();
  }

  void finish(long done) {
    long now = System.nanoTime();
    out.print((terminal ? "\r" : "") + line(done, now) + "\n");
    out.flush();
  }

  /** Records per second since the start. */
  double rate(long done) {
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    return (done - startIndex) / secs;
  }

  private String line(long done, long now) {
    double f = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(f * WIDTH);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %5.1f %% %,d/%,d records, %,.0f records/s",
        what,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        100 * f,
        done,
        total,
        rate(done));
  }
}
