package jp.jukinet.cs.resident;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import jp.jukinet.cs.Replies;
import jp.jukinet.cs.routing.RemoteRequests;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.TransferCertificateRequest;
import jp.jukinet.protocol.proto.TransferCertificateResponse;
import jp.jukinet.protocol.transport.Connection;

/**
 * Handles an operator's {@code ResidentOperationRequest}: checks it, for a 特例転入 first obtains
 * the 転出証明書情報 from the old CS (a routed request the operator's request waits for), then
 * commits the operation in one batch and answers with the new record and its change, only once
 * that batch is durable.
 */
public final class OperationHandler {
  private final String nodeName;
  private final CsStore store;
  private final ResidentOperations operations;
  private final RemoteRequests remote;
  private final Consumer<CsStore> afterCommit;

  /**
   * @param afterCommit told after every durable commit (to wake the change and routed senders)
   */
  public OperationHandler(String nodeName, CsStore store, ResidentOperations operations, RemoteRequests remote,
      Consumer<CsStore> afterCommit) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.store = Objects.requireNonNull(store, "store");
    this.operations = Objects.requireNonNull(operations, "operations");
    this.remote = Objects.requireNonNull(remote, "remote");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
  }

  public void handle(Connection connection, Envelope request) {
    if (connection.peer().role() != NodeRole.NODE_ROLE_OPERATOR) {
      connection.replyError(request, jp.jukinet.protocol.proto.ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "only an operator of " + store.self() + " may record resident operations, not " + connection.peer());
      return;
    }
    String operatorId = request.getOperatorId().isEmpty() ? connection.peer().code() : request.getOperatorId();
    ResidentOperationRequest op = request.getResidentOperationRequest();
    CompletableFuture<ResidentOperationResponse> result;
    try {
      Optional<LocalGovernmentCode> certificateFrom = operations.checkForm(op);
      if (certificateFrom.isPresent()) {
        result = fetchCertificate(op, certificateFrom.get())
            .thenCompose(cert -> commit(op, operatorId, cert));
      } else {
        result = commit(op, operatorId, null);
      }
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((resp, err) -> {
      if (err == null) {
        connection.reply(request, Envelope.newBuilder().setResidentOperationResponse(resp));
      } else {
        Replies.error(nodeName, connection, request, err);
      }
    });
  }

  private CompletableFuture<ResidentOperationResponse> commit(ResidentOperationRequest op, String operatorId,
      TransferCertificateResponse cert) {
    return store.commit(txn -> operations.apply(txn, op, operatorId, cert)).thenApply(o -> {
      afterCommit.accept(store);
      return ResidentOperationResponse.newBuilder().setIdentity(o.identity()).setChange(o.change()).build();
    });
  }

  /** Sends the routed 転出証明書情報 request to the old CS and waits for its answer. */
  private CompletableFuture<TransferCertificateResponse> fetchCertificate(ResidentOperationRequest op,
      LocalGovernmentCode from) {
    RemoteRequests.Pending pending = remote.register();
    String code = op.getSpecialMoveIn().getPreviousJuminhyoCode();
    store.commit(txn -> txn.sendRouted(RoutedMessage.newBuilder().setDestinationMunicipality(from.value())
            .setTransferCertificateRequest(TransferCertificateRequest.newBuilder().setJuminhyoCode(code)
                .setRequestId(pending.requestId()))))
        .whenComplete((route, err) -> {
          if (err != null) {
            remote.cancel(pending.requestId(), err);
          } else {
            afterCommit.accept(store);
          }
        });
    return pending.answer().handle((m, err) -> {
      if (err != null) {
        Throwable e = Replies.unwrap(err);
        if (e instanceof TimeoutException) {
          throw new java.util.concurrent.CompletionException(new TimeoutException("no 転出証明書情報 for " + code
              + " from " + from + " within " + remote.timeout().toSeconds() + " s (the request stays queued; "
              + "ask again later)"));
        }
        throw new java.util.concurrent.CompletionException(e);
      }
      return m.getTransferCertificateResponse();
    });
  }
}
