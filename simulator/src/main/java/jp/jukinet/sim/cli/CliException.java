package jp.jukinet.sim.cli;

/** A command ends with a message and a named exit code (see {@link ExitCodes}). */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
