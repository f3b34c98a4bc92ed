package jp.jukinet.protocol.wire;

/**
 * The input ended in the middle of a frame (docs/protocol.md §3.3): logged and the connection
 * closed, never answered with an Error frame, since the peer has stopped sending.
 */
public final class TruncatedFrameException extends RuntimeException {
  public TruncatedFrameException(String message) {
    super(message);
  }
}
