package jp.jukinet.sim.report;

/** A node could not be asked for a report's data, or answered something else. */
public final class ReportException extends Exception {
  public ReportException(String message) {
    super(message);
  }

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
