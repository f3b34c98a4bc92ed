package jp.jukinet.cs;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import jp.jukinet.cs.resident.ResidentOperations;
import jp.jukinet.cs.routing.RemoteRequests;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.transport.Connection;

/**
 * What the CS's business handlers share to do their work: the node's name (for logs and error
 * replies), its store and resident operations, and the requests to other CSs it waits on. What a
 * commit queues (変更情報, routed messages) wakes its sender by itself once durable.
 */
public record CsWork(
    String nodeName, CsStore store, ResidentOperations operations, RemoteRequests remote) {
  public CsWork {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(remote, "remote");
  }

  /**
   * Sends a routed request to another CS and waits for its answer: {@code send} queues the request
   * (given the id the answer will carry) in one commit; if that commit fails the wait ends with its
   * failure. The answer's future fails after {@link RemoteRequests#timeout()} with a {@code
   * TimeoutException} (the request stays queued).
   */
  public CompletableFuture<RoutedMessage> ask(BiFunction<CsStore.Txn, String, ?> send) {
    RemoteRequests.Pending pending = remote.register();
    store
        .commit(txn -> send.apply(txn, pending.requestId()))
        .whenComplete(
            (sent, err) -> {
              if (err != null) {
                remote.cancel(pending.requestId(), err);
              }
            });
    return pending.answer();
  }

  /**
   * Answers {@code request} once the future {@code work} returns completes: with its result, put
   * into the envelope by {@code set}, or with the Error frame that fits its failure (a
   * RuntimeException {@code work} throws counts as one).
   */
  public <T> void reply(
      Connection connection,
      Envelope request,
      Supplier<CompletableFuture<T>> work,
      BiFunction<Envelope.Builder, T, Envelope.Builder> set) {
    CompletableFuture<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete(
        (response, err) -> {
          if (err == null) {
            connection.reply(request, set.apply(Envelope.newBuilder(), response));
          } else {
            Replies.error(nodeName, connection, request, err);
          }
        });
  }
}
