package jp.jukinet.sim.scenario;

import java.nio.file.Path;

/**
 * A scenario refused before anything started: where (file, line, column, when known) and why.
 *
 * @param line 1-based, or 0 when not known
 */
public final class ScenarioException extends RuntimeException {
  private final transient Path file;
  private final int line;
  private final int column;
  private final String reason;

  public ScenarioException(Path file, int line, int column, String reason) {
    super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + reason);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String reason() {
    return reason;
  }
}
