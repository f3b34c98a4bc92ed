package jp.jukinet.national.provision;

import java.time.Clock;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.DisclosureRequest;
import jp.jukinet.protocol.proto.DisclosureResponse;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.wire.PeerText;

/**
 * 開示 (本人確認情報の開示 and 提供状況の開示) at the national server, asked by a monitor on the person's behalf: the
 * person's current record and every provision of them, read from the provision log's index by
 * person under every 住民票コード the person has had (a 住民票コード変更 moves the history, and the history names
 * each code it replaced), so the answer stays complete after a code change and holds nobody else's.
 * Each 開示 is counted by month (Japan time) × 請求方法 × 受取方法 before it is answered.
 */
public final class DisclosureService implements EnvelopeHandler {
  /** 請求方法 and 受取方法 as the seed's table names them. */
  public static final Set<String> METHODS = Set.of("来所", "郵送");

  /** Every provision of the persons with these codes, in log order. */
  @FunctionalInterface
  public interface ProvisionsByPerson {
    List<ProvisionRecord> byPerson(Collection<String> codes);
  }

  private final NodeDatabase db;
  private final Dispatcher dispatcher;
  private final IdentityRegistry registry;
  private final ProvisionsByPerson provisions;
  private final DisclosureCounters counters;
  private final Clock clock;

  public DisclosureService(
      NodeDatabase db,
      Dispatcher dispatcher,
      IdentityRegistry registry,
      ProvisionsByPerson provisions,
      DisclosureCounters counters,
      Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.provisions = Objects.requireNonNull(provisions, "provisions");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void onEnvelope(Connection connection, Envelope envelope) {
    dispatcher.offload(connection, envelope, this::handle);
  }

  private void handle(Connection connection, Envelope envelope) {
    DisclosureRequest request = envelope.getDisclosureRequest();
    Optional<String> invalid = invalidField(request);
    if (invalid.isPresent()) {
      connection.replyError(envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, invalid.get());
      return;
    }
    String asked = request.getJuminhyoCode();
    String code = registry.retiredCodeSuccessor(asked).orElse(asked);
    Optional<IdentityInfo> person = registry.current(code);
    if (person.isEmpty()) {
      connection.replyError(
          envelope, ErrorCode.ERROR_CODE_NOT_FOUND, "no person has 住民票コード " + asked);
      return;
    }
    DisclosureResponse response =
        DisclosureResponse.newBuilder()
            .setIdentity(person.get())
            .addAllProvisions(provisions.byPerson(codesOf(code)))
            .build();
    YearMonth month = YearMonth.from(IsoDates.today(clock));
    Dispatcher.replyWhenDone(
        db.nodeName(),
        connection,
        envelope,
        db.commit(
            txn ->
                counters.stage(txn, month, request.getRequestMethod(), request.getReceiveMethod())),
        done -> Envelope.newBuilder().setDisclosureResponse(response));
  }

  /** The person's current code and every code a 住民票コード変更 replaced, oldest last. */
  Set<String> codesOf(String currentCode) {
    Set<String> codes = new LinkedHashSet<>();
    codes.add(currentCode);
    for (IdentityChange change : registry.history(currentCode)) {
      if (change.getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE
          && !change.getPreviousJuminhyoCode().isEmpty()) {
        codes.add(change.getPreviousJuminhyoCode());
      }
    }
    return codes;
  }

  static Optional<String> invalidField(DisclosureRequest request) {
    if (!JuminhyoCode.isValid(request.getJuminhyoCode())) {
      return Optional.of(
          "disclosure_request.juminhyo_code "
              + PeerText.quote(request.getJuminhyoCode())
              + " is not a 住民票コード (11 digits, check digit)");
    }
    if (!METHODS.contains(request.getRequestMethod())) {
      return Optional.of(
          "disclosure_request.request_method "
              + PeerText.quote(request.getRequestMethod())
              + " is out of range: 来所 or 郵送");
    }
    if (!METHODS.contains(request.getReceiveMethod())) {
      return Optional.of(
          "disclosure_request.receive_method "
              + PeerText.quote(request.getReceiveMethod())
              + " is out of range: 来所 or 郵送");
    }
    return Optional.empty();
  }
}
