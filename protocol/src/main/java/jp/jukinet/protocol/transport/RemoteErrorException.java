package jp.jukinet.protocol.transport;

import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;

/** The peer answered a request with an Error frame. */
public final class RemoteErrorException extends RuntimeException {
  private final transient Error error;

  public RemoteErrorException(Error error) {
    super(error.getCode().name().replace("ERROR_CODE_", "") + ": " + error.getMessage());
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
