package jp.jukinet.node.runtime;

import java.util.List;
import java.util.Objects;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.wire.PeerText;

/**
 * Answers {@code list_records_request} (for {@code jukinet verify}; the {@link RequestGate} lets
 * only monitors ask) from an {@link IdentityRegistry}: one page of the records currently registered
 * in one municipality, in 住民票コード order. The database read runs off the event loop, through the
 * node's {@link Dispatcher}.
 */
public final class RecordListing {
  /**
   * Largest page served; the smallest is 1 (there is no default page size, docs/protocol.md §7.8).
   */
  public static final int MAX_LIMIT = 10_000;

  private final IdentityRegistry registry;
  private final Dispatcher dispatcher;
  private final String onlyMunicipality;

  /** A listing of any municipality's records (prefecture and national servers). */
  public RecordListing(IdentityRegistry registry, Dispatcher dispatcher) {
    this(registry, dispatcher, null);
  }

  /**
   * A listing that serves only {@code onlyMunicipality} (a CS: its own code), or any municipality
   * when null.
   */
  public RecordListing(IdentityRegistry registry, Dispatcher dispatcher, String onlyMunicipality) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.onlyMunicipality = onlyMunicipality;
  }

  public void onRequest(Connection connection, Envelope request) {
    ListRecordsRequest r = request.getListRecordsRequest();
    String refusal = refusal(r);
    if (refusal != null) {
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST, refusal);
      return;
    }
    int limit = r.getLimit();
    dispatcher.offload(
        connection,
        request,
        (c, req) -> {
          // One more than asked tells whether another page follows.
          List<IdentityInfo> page =
              registry.listRecords(r.getMunicipalityCode(), r.getAfterJuminhyoCode(), limit + 1);
          boolean more = page.size() > limit;
          c.reply(
              req,
              Envelope.newBuilder()
                  .setListRecordsResponse(
                      ListRecordsResponse.newBuilder()
                          .addAllRecords(more ? page.subList(0, limit) : page)
                          .setMore(more)));
        });
  }

  /** Why the request's fields are out of range (§7.8), or null. */
  private String refusal(ListRecordsRequest r) {
    long limit = Integer.toUnsignedLong(r.getLimit());
    if (limit < 1 || limit > MAX_LIMIT) {
      return "list_records_request.limit " + limit + " is out of range 1.." + MAX_LIMIT;
    }
    String code = r.getMunicipalityCode();
    if (code.length() != LocalGovernmentCode.LENGTH || !LocalGovernmentCode.isValid(code)) {
      return "list_records_request.municipality_code "
          + PeerText.quote(code)
          + " is not a valid 6-digit 全国地方公共団体コード";
    }
    if (onlyMunicipality != null && !onlyMunicipality.equals(code)) {
      return "list_records_request.municipality_code "
          + code
          + " is out of range: this CS holds only "
          + onlyMunicipality;
    }
    return null;
  }
}
