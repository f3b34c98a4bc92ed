package jp.jukinet.sim.populate;

import java.util.Locale;

/**
 * One line of progress: a bar, count of total, rate and time left ("[#####·····] 412,345 / 826,579
 * 49.9% 13,204/s 31s left").
 */
public final class ProgressBar {
  static final int WIDTH = 30;

  private ProgressBar() {}

  public static String line(long done, long total, double elapsedSeconds) {
    if (total < 1 || done < 0) {
      throw new IllegalArgumentException("progress " + done + " of " + total);
    }
    long shown = Math.min(done, total);
    int filled = (int) (WIDTH * shown / total);
    double rate = elapsedSeconds > 0 ? shown / elapsedSeconds : 0;
    String left = rate > 0 ? duration((total - shown) / rate) + " left" : "-- left";
    return String.format(
        Locale.ROOT,
        "[%s%s] %,d / %,d %5.1f%% %,.0f/s %s",
        "#".repeat(filled),
        "·".repeat(WIDTH - filled),
        shown,
        total,
        100.0 * shown / total,
        rate,
        left);
  }

  /** 42s, 3m05s, 1h02m. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
