package jp.jukinet.protocol.wire;

import java.util.EnumMap;
import java.util.Map;
import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * What each {@link ErrorCode} means: definite (the request had no effect) or indefinite (it may
 * have taken effect), and fatal (the sender closes the connection after the Error frame) or not.
 * The single source that the error table of docs/protocol.md mirrors.
 */
public final class ErrorCodes {
  /** One row of the table. */
  public record Description(ErrorCode code, boolean definite, boolean fatal, String meaning) {}

  private static final Map<ErrorCode, Description> TABLE = new EnumMap<>(ErrorCode.class);

  static {
    row(
        ErrorCode.ERROR_CODE_BAD_MAGIC,
        true,
        true,
        "the frame does not start with the magic 0x4A4B (\"JK\"): the peer does not speak this protocol");
    row(
        ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
        true,
        true,
        "the frame header or the Hello names a protocol version, or sets header flags, this node does not support");
    row(
        ErrorCode.ERROR_CODE_FRAME_TOO_LARGE,
        true,
        true,
        "the header announces a body longer than the receiver's maximum frame size");
    row(
        ErrorCode.ERROR_CODE_MALFORMED_FRAME,
        true,
        true,
        "the body is not a valid Envelope, its message id is 0 or not increasing, or the connection ended in the"
            + " middle of a frame (only logged)");
    row(
        ErrorCode.ERROR_CODE_HELLO_REQUIRED,
        true,
        true,
        "a frame other than Hello arrived before the Hello was accepted");
    row(
        ErrorCode.ERROR_CODE_HELLO_MISMATCH,
        true,
        true,
        "the Hello names a node other than the one the peer's certificate names");
    row(
        ErrorCode.ERROR_CODE_FORBIDDEN_PEER,
        true,
        true,
        "the connection policy does not let this role and code connect to this node");
    row(
        ErrorCode.ERROR_CODE_UNKNOWN_BODY,
        true,
        false,
        "the Envelope's body case is not set or not known to (or not served by) this node");
    row(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        true,
        false,
        "the request is well-formed protobuf but its content breaks a rule (the message says which)");
    row(
        ErrorCode.ERROR_CODE_NOT_FOUND,
        true,
        false,
        "the record or object the request names does not exist");
    row(
        ErrorCode.ERROR_CODE_CONFLICT,
        true,
        false,
        "the request contradicts the current state (e.g. a resident already removed)");
    row(
        ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED,
        true,
        false,
        "the requester is not registered for the 事務 (purpose) it names");
    row(
        ErrorCode.ERROR_CODE_UNAVAILABLE,
        false,
        false,
        "the node could not complete the request now (storage or upstream unavailable); it may have been applied");
    row(
        ErrorCode.ERROR_CODE_TIMEOUT,
        false,
        false,
        "the request did not complete in time; it may still take effect");
    row(
        ErrorCode.ERROR_CODE_OVERLOADED,
        true,
        false,
        "the node refused the request because too much work is queued; retry later");
    row(
        ErrorCode.ERROR_CODE_INTERNAL,
        false,
        false,
        "an unexpected failure inside the node; the request may have been partly applied");
    row(
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        true,
        false,
        "the peer's role may not send this body to this node (§7.7)");
  }

  private ErrorCodes() {}

  private static void row(ErrorCode code, boolean definite, boolean fatal, String meaning) {
    TABLE.put(code, new Description(code, definite, fatal, meaning));
  }

  /**
   * The description of a code; unknown codes (e.g. from a newer peer) are indefinite and
   * fatal-free.
   */
  public static Description describe(ErrorCode code) {
    Description d = TABLE.get(code);
    return d != null
        ? d
        : new Description(code, false, false, "an error code this node does not know");
  }

  /** Every documented code, in number order. */
  public static Iterable<Description> all() {
    return TABLE.values();
  }

  /**
   * An Error body with the definite flag from the table; the message is bounded by {@link
   * PeerText#boundMessage}.
   */
  public static Error error(ErrorCode code, String message) {
    return Error.newBuilder()
        .setCode(code)
        .setMessage(PeerText.boundMessage(message))
        .setDefinite(describe(code).definite())
        .build();
  }

  /** "BAD_MAGIC" for ERROR_CODE_BAD_MAGIC. */
  public static String shortName(ErrorCode code) {
    return code.name().replace("ERROR_CODE_", "");
  }
}
