package jp.jukinet.sim.workload;

/** A 一括提供 run that stopped: why, and the first index the caller does not hold. */
public final class BatchException extends Exception {
  private final long resumeFrom;

  public BatchException(String message, long resumeFrom, Throwable cause) {
    super(message, cause);
    this.resumeFrom = resumeFrom;
  }

  /** Where a new run (resume) starts. */
  public long resumeFrom() {
    return resumeFrom;
  }
}
