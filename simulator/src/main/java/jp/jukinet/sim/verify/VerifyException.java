package jp.jukinet.sim.verify;

/** A node could not be read (down, refused, timed out). */
public final class VerifyException extends Exception {
  public VerifyException(String message) {
    super(message);
  }

  public VerifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
