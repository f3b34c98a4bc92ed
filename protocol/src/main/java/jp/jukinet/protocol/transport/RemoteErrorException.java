package jp.jukinet.protocol.transport;

import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.PeerText;

/** The peer answered a request with an Error frame. */
public final class RemoteErrorException extends RuntimeException {
  private final transient Error error;

  public RemoteErrorException(Error error) {
    // The peer's text, quoted and bounded (§8.4): this message ends up in logs.
    super(ErrorCodes.shortName(error.getCode()) + ": " + PeerText.quoteMessage(error.getMessage()));
    this.error = error;
  }

  public ErrorCode code() {
    return error.getCode();
  }

  public boolean definite() {
    return error.getDefinite();
  }

  public Error error() {
    return error;
  }
}
