package jp.jukinet.protocol.pki;

/**
 * A PKI file is missing, unreadable or inconsistent; the message names the file and the problem.
 */
public final class PkiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
