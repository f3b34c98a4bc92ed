package jp.jukinet.node.provision;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.PeerText;

/**
 * 即時提供: answers {@code single_provision_request} (docs/protocol.md §7.5), off the event loop. In
 * order: the fields (INVALID_REQUEST naming the field); the {@link PurposeCheck} of the requester
 * its certificate names (a refusal is written to the security log, counted, and answered with its
 * Error once durable); the {@link KeyLookup}; when anyone was found, a provision log entry staged
 * and the answer sent once it is durable. Not found and several matches are answers.
 *
 * <p>Both servers use it, each with its own purpose check. Counters: {@code provisions_immediate}
 * (requests that provided someone), {@code provisions_not_found}.
 */
public final class SingleProvisionService implements EnvelopeHandler {
  /** Longest {@code jimu_code} looked at; anything longer is out of range. */
  static final int MAX_JIMU_CODE_CHARS = 32;

  private final NodeDatabase db;
  private final Dispatcher dispatcher;
  private final PurposeCheck purpose;
  private final KeyLookup lookup;
  private final ProvisionRecorder provisions;
  private final Refusals refusals;
  private final Clock clock;
  private final LongAdder provided = new LongAdder();
  private final LongAdder notFound = new LongAdder();

  public SingleProvisionService(
      NodeDatabase db,
      Dispatcher dispatcher,
      PurposeCheck purpose,
      KeyLookup lookup,
      ProvisionRecorder provisions,
      Refusals refusals,
      Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.provisions = Objects.requireNonNull(provisions, "provisions");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void onEnvelope(Connection connection, Envelope envelope) {
    dispatcher.offload(connection, envelope, this::handle);
  }

  /** {@code provisions_immediate} and {@code provisions_not_found}. */
  public Map<String, Long> counters() {
    return Map.of("provisions_immediate", provided.sum(), "provisions_not_found", notFound.sum());
  }

  private void handle(Connection connection, Envelope envelope) {
    SingleProvisionRequest request = envelope.getSingleProvisionRequest();
    Optional<String> invalid = invalidField(request);
    if (invalid.isPresent()) {
      connection.replyError(envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, invalid.get());
      return;
    }
    ProvisionMethod method = ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
    Optional<Refusal> refusal = purpose.check(connection.peer(), request.getJimuCode(), method);
    if (refusal.isPresent()) {
      refuse(connection, envelope, request.getJimuCode(), method, refusal.get());
      return;
    }
    LocalDate asOf =
        request.getAsOfDate().isEmpty() ? null : LocalDate.parse(request.getAsOfDate());
    LookupResult result = lookup.lookup(request.getKey(), asOf);
    if (!result.invalidKey().isEmpty()) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "single_provision_request.key: " + result.invalidKey());
      return;
    }
    SingleProvisionResponse.Builder response =
        SingleProvisionResponse.newBuilder()
            .addAllMatches(result.matches())
            .setReplacedByCode(result.replacedByCode());
    if (result.matches().isEmpty()) {
      notFound.increment();
      connection.reply(envelope, Envelope.newBuilder().setSingleProvisionResponse(response));
      return;
    }
    ProvisionEvent event =
        new ProvisionEvent(
            connection.peer().name(),
            request.getJimuCode(),
            method,
            Long.toUnsignedString(envelope.getMessageId()),
            0,
            codes(result.matches()),
            clock.millis());
    long[] sequence = new long[1];
    Dispatcher.replyWhenDone(
        db.nodeName(),
        connection,
        envelope,
        db.commit(txn -> sequence[0] = provisions.stage(txn, event)),
        done -> {
          provided.increment();
          return Envelope.newBuilder()
              .setSingleProvisionResponse(response.setLogSequence(sequence[0]));
        });
  }

  /**
   * Writes a purpose refusal to the security log, then answers it. Shared with the 一括提供's refusals,
   * which are recorded the same way.
   */
  public void refuse(
      Connection connection,
      Envelope envelope,
      String jimuCode,
      ProvisionMethod method,
      Refusal refusal) {
    Dispatcher.replyWhenDone(
        db.nodeName(),
        connection,
        envelope,
        refusals.record(
            refusals
                .about(connection, envelope)
                .setJimuCode(jimuCode)
                .setMethod(method)
                .setRule(refusal.rule())
                .setMessage(refusal.message())),
        sequence ->
            Envelope.newBuilder().setError(ErrorCodes.error(refusal.code(), refusal.message())));
  }

  private static List<String> codes(List<IdentityInfo> matches) {
    return matches.stream().map(IdentityInfo::getJuminhyoCode).toList();
  }

  /** The field checks of §7.8 for this body; empty when every field is in range. */
  static Optional<String> invalidField(SingleProvisionRequest request) {
    String jimu = request.getJimuCode();
    if (jimu.isEmpty() || jimu.length() > MAX_JIMU_CODE_CHARS) {
      return Optional.of(
          "single_provision_request.jimu_code "
              + PeerText.quote(jimu)
              + " is out of range: 1 to "
              + MAX_JIMU_CODE_CHARS
              + " characters");
    }
    if (request.getKey().getKeyCase() == ProvisionKey.KeyCase.KEY_NOT_SET) {
      return Optional.of("single_provision_request.key is not set: one key is required");
    }
    String asOf = request.getAsOfDate();
    if (!asOf.isEmpty()) {
      try {
        LocalDate.parse(asOf);
      } catch (DateTimeParseException e) {
        return Optional.of(
            "single_provision_request.as_of_date "
                + PeerText.quote(asOf)
                + " is not a date (YYYY-MM-DD)");
      }
    }
    return Optional.empty();
  }
}
