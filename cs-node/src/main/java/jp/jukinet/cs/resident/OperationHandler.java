package jp.jukinet.cs.resident;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import jp.jukinet.cs.CsWork;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.BulkRecordRequest;
import jp.jukinet.protocol.proto.BulkRecordResponse;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.TransferCertificateRequest;
import jp.jukinet.protocol.proto.TransferCertificateResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.util.Futures;

/**
 * Handles an operator's {@code ResidentOperationRequest}: checks it, for a 特例転入 first obtains the
 * 転出証明書情報 from the old CS (a routed request the operator's request waits for), then commits the
 * operation in one batch and answers with the new record and its change, only once that batch is
 * durable.
 */
public final class OperationHandler {
  private final CsWork work;

  public OperationHandler(CsWork work) {
    this.work = Objects.requireNonNull(work, "work");
  }

  public void handle(Connection connection, Envelope request) {
    // The operator is the certificate's (docs/protocol.md §5.2); the request gate let only
    // operators in.
    String operatorId = connection.peer().code();
    ResidentOperationRequest op = request.getResidentOperationRequest();
    work.reply(
        connection,
        request,
        () -> {
          Optional<LocalGovernmentCode> certificateFrom = work.operations().checkForm(op);
          if (certificateFrom.isPresent()) {
            return fetchCertificate(op, certificateFrom.get())
                .thenCompose(cert -> commit(op, operatorId, cert));
          }
          return commit(op, operatorId, null);
        },
        Envelope.Builder::setResidentOperationResponse);
  }

  /**
   * Handles a {@code BulkRecordRequest}: every record checked first, then all committed in one
   * transaction; answered once durable with the new codes and the first change's sequence.
   */
  public void handleBulk(Connection connection, Envelope request) {
    String operatorId = connection.peer().code();
    BulkRecordRequest bulk = request.getBulkRecordRequest();
    work.reply(
        connection,
        request,
        () -> {
          work.operations().checkBulk(bulk);
          return work.store()
              .commit(txn -> work.operations().applyBulk(txn, bulk, operatorId))
              .thenApply(
                  outcomes -> {
                    BulkRecordResponse.Builder b =
                        BulkRecordResponse.newBuilder()
                            .setFirstSequence(outcomes.get(0).change().getSequence());
                    outcomes.forEach(o -> b.addJuminhyoCodes(o.identity().getJuminhyoCode()));
                    return b.build();
                  });
        },
        Envelope.Builder::setBulkRecordResponse);
  }

  private CompletableFuture<ResidentOperationResponse> commit(
      ResidentOperationRequest op, String operatorId, TransferCertificateResponse cert) {
    return work.store()
        .commit(txn -> work.operations().apply(txn, op, operatorId, cert))
        .thenApply(
            o ->
                ResidentOperationResponse.newBuilder()
                    .setIdentity(o.identity())
                    .setChange(o.change())
                    .build());
  }

  /** Sends the routed 転出証明書情報 request to the old CS and waits for its answer. */
  private CompletableFuture<TransferCertificateResponse> fetchCertificate(
      ResidentOperationRequest op, LocalGovernmentCode from) {
    String code = op.getSpecialMoveIn().getPreviousJuminhyoCode();
    return work.ask(
            (txn, requestId) ->
                txn.sendRouted(
                    RoutedMessage.newBuilder()
                        .setDestinationMunicipality(from.value())
                        .setTransferCertificateRequest(
                            TransferCertificateRequest.newBuilder()
                                .setJuminhyoCode(code)
                                .setRequestId(requestId))))
        .handle(
            (m, err) -> {
              if (err != null) {
                Throwable e = Futures.unwrap(err);
                if (e instanceof TimeoutException) {
                  throw new CompletionException(
                      new TimeoutException(
                          "no 転出証明書情報 for "
                              + code
                              + " from "
                              + from
                              + " within "
                              + work.remote().timeout().toSeconds()
                              + " s (the request stays queued; ask again later)"));
                }
                throw new CompletionException(e);
              }
              return m.getTransferCertificateResponse();
            });
  }
}
