package jp.jukinet.sim.workload;

/** An operator request that got no answer from the CS (as opposed to a refusal by the CS). */
public final class OperatorException extends RuntimeException {
  /** Why there is no answer. */
  public enum Kind {
    /** The network has no such CS, or it has not published its port. */
    NO_SUCH_CS,
    /** The connection could not be made or broke. */
    UNREACHABLE,
    /** The CS did not answer within the timeout. */
    NO_ANSWER,
    /** Anything else. */
    FAILED
  }

  private final Kind kind;

  public OperatorException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
