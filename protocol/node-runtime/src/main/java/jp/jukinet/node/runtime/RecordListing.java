package jp.jukinet.node.runtime;

import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.protocol.transport.Connection;

/**
 * Answers {@code list_records_request} (monitor only, for {@code jukinet verify}) from an
 * {@link IdentityRegistry}: one page of the records currently registered in one municipality, in
 * 住民票コード order. The database read runs off the event loop, through the node's {@link Dispatcher}.
 */
public final class RecordListing {
  /** Page size when the request leaves {@code limit} at 0. */
  public static final int DEFAULT_LIMIT = 1_000;
  /** Largest page served. */
  public static final int MAX_LIMIT = 10_000;

  private final IdentityRegistry registry;
  private final Dispatcher dispatcher;

  public RecordListing(IdentityRegistry registry, Dispatcher dispatcher) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
  }

  public void onRequest(Connection connection, Envelope request) {
    if (connection.peer().role() != NodeRole.NODE_ROLE_MONITOR) {
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "list_records_request is for monitors only, not " + connection.peer());
      return;
    }
    ListRecordsRequest r = request.getListRecordsRequest();
    if (!LocalGovernmentCode.isValid(r.getMunicipalityCode())) {
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "list_records_request: municipality_code '" + r.getMunicipalityCode()
              + "' is not a valid 6-digit 全国地方公共団体コード");
      return;
    }
    if (r.getLimit() > MAX_LIMIT) {
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "list_records_request: limit " + r.getLimit() + " exceeds the maximum " + MAX_LIMIT);
      return;
    }
    int limit = r.getLimit() == 0 ? DEFAULT_LIMIT : r.getLimit();
    dispatcher.offload(connection, request, (c, req) -> {
      // One more than asked tells whether another page follows.
      List<IdentityInfo> page = registry.listRecords(r.getMunicipalityCode(), r.getAfterJuminhyoCode(), limit + 1);
      boolean more = page.size() > limit;
      c.reply(req, Envelope.newBuilder().setListRecordsResponse(ListRecordsResponse.newBuilder()
          .addAllRecords(more ? page.subList(0, limit) : page)
          .setMore(more)));
    });
  }
}
