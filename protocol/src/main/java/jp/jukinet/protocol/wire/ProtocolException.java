package jp.jukinet.protocol.wire;

import java.util.Objects;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * A peer broke the protocol or sent a request this node refuses. The terminal error handler turns
 * it into an Error frame carrying {@link #code()} and, when known, the offending request's message
 * id as correlation id; it closes the connection afterwards when {@link #fatal()}.
 */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;
  private final long correlationId;
  private final boolean fatal;

  public ProtocolException(ErrorCode code, long correlationId, boolean fatal, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.correlationId = correlationId;
    this.fatal = fatal;
  }

  /** With the fatal flag {@link ErrorCodes} documents for the code. */
  public ProtocolException(ErrorCode code, long correlationId, String message) {
    this(code, correlationId, ErrorCodes.describe(code).fatal(), message);
  }

  /** Not tied to any request (correlation id 0). */
  public static ProtocolException of(ErrorCode code, String message) {
    return new ProtocolException(code, 0, message);
  }

  public ErrorCode code() {
    return code;
  }

  /** The message id of the request this answers, or 0. */
  public long correlationId() {
    return correlationId;
  }

  public boolean fatal() {
    return fatal;
  }

  @Override
  public String toString() {
    return ErrorCodes.shortName(code) + (fatal ? " (fatal)" : "") + ": " + getMessage();
  }
}
