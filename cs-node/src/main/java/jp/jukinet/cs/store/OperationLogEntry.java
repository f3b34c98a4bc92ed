package jp.jukinet.cs.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import java.nio.charset.StandardCharsets;
import jp.jukinet.protocol.proto.ResidentOperationRequest;

/**
 * One line of the CS's operation log: every operation it carried out, written in the same batch
 * as the operation's effects (refused requests change nothing, so they are only in the node log).
 *
 * @param sequence position in the log, from 1
 * @param atMillis when it was committed (epoch millis)
 * @param operatorId who asked (the operator id, or "cs" for what the CS did itself, e.g. 転出確定)
 * @param operation the operation's name (出生, 転入, …)
 * @param summary the request in one line
 * @param result the change it produced ("192015#12 記載 出生 12345678903")
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationLogEntry(
    long sequence, long atMillis, String operatorId, String operation, String summary, String result) {

  /** How the summary is stored: as text, or as the request's protobuf bytes, printed when read. */
  static final int SUMMARY_TEXT = 0;
  static final int SUMMARY_REQUEST = 1;

  /** The stored form ({@link BinaryValues}) of a line whose summary is {@code summary} of kind {@code summaryKind}. */
  static byte[] toBytes(long sequence, long atMillis, String operatorId, String operation, int summaryKind,
      byte[] summary, String result) {
    return new BinaryValues.Writer().varint(sequence).varint(atMillis).str(operatorId).str(operation)
        .varint(summaryKind).bytes(summary).str(result).toByteArray();
  }

  /** Reads {@link #toBytes}, printing a stored request with {@link #requestLine}. */
  static OperationLogEntry fromBytes(byte[] v) {
    BinaryValues.Reader r = new BinaryValues.Reader(v, "operation log line");
    long sequence = r.varint();
    long at = r.varint();
    String operator = r.str();
    String operation = r.str();
    long kind = r.varint();
    byte[] summary = r.bytes();
    String text = switch ((int) kind) {
      case SUMMARY_TEXT -> new String(summary, StandardCharsets.UTF_8);
      case SUMMARY_REQUEST -> requestLine(summary);
      default -> throw new IllegalArgumentException("operation log line " + sequence + ": unknown summary kind " + kind);
    };
    return new OperationLogEntry(sequence, at, operator, operation, text, r.str());
  }

  /** A request as the log shows it: one line, as {@code TextFormat} prints it (non-ASCII unescaped). */
  public static String requestLine(ResidentOperationRequest request) {
    return TextFormat.printer().escapingNonAscii(false).shortDebugString(request);
  }

  private static String requestLine(byte[] request) {
    try {
      return requestLine(ResidentOperationRequest.parseFrom(request));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("logged request unreadable: " + e.getMessage(), e);
    }
  }
}
