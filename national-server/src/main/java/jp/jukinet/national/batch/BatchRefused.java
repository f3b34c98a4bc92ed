package jp.jukinet.national.batch;

import java.util.Objects;
import jp.jukinet.protocol.proto.ErrorCode;

/** A definite refusal of a batch request: the Error it is answered with. Nothing was changed. */
final class BatchRefused extends RuntimeException {
  private final ErrorCode code;

  BatchRefused(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  static BatchRefused invalid(String message) {
    return new BatchRefused(ErrorCode.ERROR_CODE_INVALID_REQUEST, message);
  }

  ErrorCode code() {
    return code;
  }
}
