package jp.jukinet.cs.resident;

import java.util.Objects;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * A request refused with a definite error (INVALID_REQUEST, NOT_FOUND, CONFLICT): nothing was
 * changed.
 */
public final class OperationRefusedException extends RuntimeException {
  private final ErrorCode code;

  public OperationRefusedException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }

  static OperationRefusedException invalid(String message) {
    return new OperationRefusedException(ErrorCode.ERROR_CODE_INVALID_REQUEST, message);
  }

  static OperationRefusedException notFound(String message) {
    return new OperationRefusedException(ErrorCode.ERROR_CODE_NOT_FOUND, message);
  }

  static OperationRefusedException conflict(String message) {
    return new OperationRefusedException(ErrorCode.ERROR_CODE_CONFLICT, message);
  }
}
