package jp.jukinet.protocol.wire;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import jp.jukinet.protocol.proto.Envelope.BodyCase;

/**
 * The request/response pairs of docs/protocol.md §7 as the transport needs them: which body answers
 * which request, which bodies are responses (never answered, §6.4), and which requests change
 * nothing (their too-large answer becomes a definite refusal, §6.1).
 */
public final class Bodies {
  private static final Map<BodyCase, BodyCase> RESPONSE_TO = new EnumMap<>(BodyCase.class);
  private static final Set<BodyCase> READS =
      EnumSet.of(
          BodyCase.NODE_STATUS_REQUEST,
          BodyCase.RESIDENT_QUERY,
          BodyCase.LIST_RECORDS_REQUEST,
          BodyCase.SINGLE_PROVISION_REQUEST,
          BodyCase.BATCH_PROVISION_REQUEST,
          BodyCase.DISCLOSURE_REQUEST,
          BodyCase.PROVISION_LOG_REQUEST,
          BodyCase.REPORT_REQUEST);

  static {
    RESPONSE_TO.put(BodyCase.HELLO, BodyCase.HELLO_ACCEPTED);
    RESPONSE_TO.put(BodyCase.NODE_STATUS_REQUEST, BodyCase.NODE_STATUS);
    RESPONSE_TO.put(BodyCase.IDENTITY_CHANGE_BATCH, BodyCase.IDENTITY_CHANGE_ACK);
    RESPONSE_TO.put(BodyCase.ROUTED_MESSAGE, BodyCase.ROUTED_ACK);
    RESPONSE_TO.put(BodyCase.RESIDENT_OPERATION_REQUEST, BodyCase.RESIDENT_OPERATION_RESPONSE);
    RESPONSE_TO.put(BodyCase.RESIDENT_QUERY, BodyCase.RESIDENT_QUERY_RESPONSE);
    RESPONSE_TO.put(BodyCase.BULK_RECORD_REQUEST, BodyCase.BULK_RECORD_RESPONSE);
    RESPONSE_TO.put(BodyCase.LIST_RECORDS_REQUEST, BodyCase.LIST_RECORDS_RESPONSE);
    RESPONSE_TO.put(BodyCase.SINGLE_PROVISION_REQUEST, BodyCase.SINGLE_PROVISION_RESPONSE);
    RESPONSE_TO.put(BodyCase.BATCH_PROVISION_REQUEST, BodyCase.BATCH_PROVISION_CHUNK);
    RESPONSE_TO.put(BodyCase.BATCH_KEYS, BodyCase.BATCH_PROVISION_CHUNK);
    RESPONSE_TO.put(BodyCase.MEDIA_DESTROY_REQUEST, BodyCase.MEDIA_DESTROY_RESPONSE);
    RESPONSE_TO.put(BodyCase.REPORT_REQUEST, BodyCase.REPORT_RESPONSE);
    RESPONSE_TO.put(BodyCase.DISCLOSURE_REQUEST, BodyCase.DISCLOSURE_RESPONSE);
    RESPONSE_TO.put(BodyCase.WIDE_AREA_COPY_REQUEST, BodyCase.WIDE_AREA_COPY_RESPONSE);
    RESPONSE_TO.put(BodyCase.PROVISION_LOG_REQUEST, BodyCase.PROVISION_LOG_PAGE);
    RESPONSE_TO.put(BodyCase.REPORT_REQUEST, BodyCase.REPORT_RESPONSE);
  }

  /** Requests never answered (docs/protocol.md §6.1): not counted in flight, never refused. */
  private static final Set<BodyCase> ONE_WAY = EnumSet.of(BodyCase.BATCH_CREDIT);

  private Bodies() {}

  /** Whether {@code request} is never answered (batch_credit). */
  public static boolean isOneWay(BodyCase request) {
    return ONE_WAY.contains(request);
  }

  /** The body that answers {@code request}, or null when none does. */
  public static BodyCase responseTo(BodyCase request) {
    return RESPONSE_TO.get(request);
  }

  /**
   * Whether {@code body} is a paired response body (hello_accepted, node_status, *_ack, *_response,
   * chunks).
   */
  public static boolean isResponse(BodyCase body) {
    return RESPONSE_TO.containsValue(body);
  }

  /** Whether a request with this body changes nothing at its receiver. */
  public static boolean isRead(BodyCase request) {
    return READS.contains(request);
  }
}
