package jp.jukinet.cs.resident;

import java.util.Objects;
import jp.jukinet.cs.Replies;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.cs.store.ResidentRecord;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentQueryResponse;
import jp.jukinet.protocol.proto.ResidentView;
import jp.jukinet.protocol.transport.Connection;

/** {@code ResidentQuery}: a person's current record and history, by 住民票コード or by 4情報. */
public final class QueryHandler {
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
      connection.reply(
          request,
          Envelope.newBuilder().setResidentQueryResponse(query(request.getResidentQuery())));
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
        registry.current(code).ifPresent(info -> b.addResidents(view(store, info)));
      }
      case FOUR_ITEMS -> {
        String name = Fields.nonBlank("four_items.name (氏名)", q.getFourItems().getName());
        String birth =
            Fields.birthDate(
                    "four_items.birth_date (生年月日)",
                    q.getFourItems().getBirthDate(),
                    operations.today())
                .toString();
        for (IdentityInfo info : registry.byFourItems(name, birth)) {
          b.addResidents(view(store, info));
        }
      }
      case KEY_NOT_SET ->
          throw OperationRefusedException.invalid(
              "the query needs a juminhyo_code or four_items (name and birth_date)");
    }
    return b.build();
  }

  private static ResidentView view(CsStore store, IdentityInfo info) {
    return ResidentView.newBuilder()
        .setIdentity(info)
        .addAllHistory(store.registry().history(info.getJuminhyoCode()))
        .setNameKana(
            store.resident(info.getJuminhyoCode()).map(ResidentRecord::getNameKana).orElse(""))
        .build();
  }
}
