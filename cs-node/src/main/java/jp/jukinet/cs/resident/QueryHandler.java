package jp.jukinet.cs.resident;

import java.util.List;
import java.util.Objects;
import jp.jukinet.cs.Replies;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentQueryResponse;
import jp.jukinet.protocol.proto.ResidentView;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.protocol.transport.Connection;

/** Read-only requests: {@code ResidentQuery} (current record + history) and {@code ListRecordsRequest}. */
public final class QueryHandler {
  public static final int DEFAULT_LIMIT = 1000;
  public static final int MAX_LIMIT = 10_000;

  private final String nodeName;
  private final CsStore store;
  private final ResidentOperations operations;

  public QueryHandler(String nodeName, CsStore store, ResidentOperations operations) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.store = Objects.requireNonNull(store, "store");
    this.operations = Objects.requireNonNull(operations, "operations");
  }

  public void query(Connection connection, Envelope request) {
    try {
      connection.reply(request, Envelope.newBuilder().setResidentQueryResponse(query(request.getResidentQuery())));
    } catch (RuntimeException e) {
      Replies.error(nodeName, connection, request, e);
    }
  }

  public ResidentQueryResponse query(ResidentQuery q) {
    IdentityRegistry registry = store.registry();
    ResidentQueryResponse.Builder b = ResidentQueryResponse.newBuilder();
    switch (q.getKeyCase()) {
      case JUMINHYO_CODE -> {
        String code = Fields.juminhyoCode("juminhyo_code", q.getJuminhyoCode());
        registry.current(code).ifPresent(info -> b.addResidents(view(registry, info)));
      }
      case FOUR_ITEMS -> {
        String name = Fields.nonBlank("four_items.name (氏名)", q.getFourItems().getName());
        String birth = Fields.birthDate("four_items.birth_date (生年月日)", q.getFourItems().getBirthDate(),
            operations.today()).toString();
        for (IdentityInfo info : registry.byFourItems(name, birth)) {
          b.addResidents(view(registry, info));
        }
      }
      case KEY_NOT_SET -> throw OperationRefusedException.invalid(
          "the query needs a juminhyo_code or four_items (name and birth_date)");
    }
    return b.build();
  }

  public void list(Connection connection, Envelope request) {
    try {
      ListRecordsRequest r = request.getListRecordsRequest();
      if (!r.getMunicipalityCode().isEmpty() && !r.getMunicipalityCode().equals(store.self().value())) {
        throw OperationRefusedException.invalid("municipality_code " + r.getMunicipalityCode() + " is not this CS's ("
            + store.self() + "): a CS lists only its own residents");
      }
      if (r.getLimit() > MAX_LIMIT) {
        throw OperationRefusedException.invalid("limit " + r.getLimit() + " is above the maximum " + MAX_LIMIT);
      }
      int limit = r.getLimit() == 0 ? DEFAULT_LIMIT : r.getLimit();
      List<IdentityInfo> page = store.registry().listRecords(store.self().value(), r.getAfterJuminhyoCode(), limit + 1);
      ListRecordsResponse.Builder b = ListRecordsResponse.newBuilder()
          .addAllRecords(page.subList(0, Math.min(limit, page.size()))).setMore(page.size() > limit);
      connection.reply(request, Envelope.newBuilder().setListRecordsResponse(b));
    } catch (RuntimeException e) {
      Replies.error(nodeName, connection, request, e);
    }
  }

  private static ResidentView view(IdentityRegistry registry, IdentityInfo info) {
    return ResidentView.newBuilder().setIdentity(info).addAllHistory(registry.history(info.getJuminhyoCode())).build();
  }
}
