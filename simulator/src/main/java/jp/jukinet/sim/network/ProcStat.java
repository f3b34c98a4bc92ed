package jp.jukinet.sim.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line of Linux's {@code /proc/<pid>/stat}, read by field number as proc(5) numbers them (1:
 * pid, 2: command, 3: state, …). The command may hold spaces and parentheses, so the fields after
 * it are counted from its last ')'.
 */
public final class ProcStat {
  private final String[] afterCommand; // field 3 onwards

  private ProcStat(String[] afterCommand) {
    this.afterCommand = afterCommand;
  }

  /** The stat line of process {@code pid}. */
  public static ProcStat read(long pid) throws IOException {
    return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
  }

  /** Parses a stat line; IllegalArgumentException when it has no command in parentheses. */
  public static ProcStat parse(String line) {
    int close = line.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line (no ')'): " + line);
    }
    return new ProcStat(line.substring(close + 1).trim().split(" "));
  }

  /** Field {@code n} (3 or more) as a number; IllegalArgumentException when the line is shorter. */
  public long field(int n) {
    if (n < 3) {
      throw new IllegalArgumentException(
          "field " + n + ": only fields after the command (3 on) are numbers");
    }
    if (n - 3 >= afterCommand.length) {
      throw new IllegalArgumentException(
          "/proc/<pid>/stat line has "
              + (afterCommand.length + 2)
              + " fields, field "
              + n
              + " asked for");
    }
    return Long.parseLong(afterCommand[n - 3]);
  }
}
