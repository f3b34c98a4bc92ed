package jp.jukinet.protocol.media;

/** Media that does not open: not enveloped data, not for this certificate, or the wrong key. */
public final class MediaException extends RuntimeException {
  public MediaException(String message, Throwable cause) {
    super(message, cause);
  }

  public MediaException(String message) {
    super(message);
  }
}
