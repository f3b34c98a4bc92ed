package jp.jukinet.cs.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.RoutedMessage;

/**
 * Requests this CS sent to another CS (転出証明書情報 for a 特例転入, 広域交付) and are waiting for their routed
 * answer, by request id. A request not answered within the timeout fails; its answer, if it comes
 * later, is dropped (the operator may simply ask again).
 */
public final class RemoteRequests {
  private final Duration timeout;
  private final Map<String, CompletableFuture<RoutedMessage>> waiting = new ConcurrentHashMap<>();

  public RemoteRequests(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  public Duration timeout() {
    return timeout;
  }

  /** A new request id and the future of its answer (timing out after the timeout). */
  public Pending register() {
    String id = UUID.randomUUID().toString();
    CompletableFuture<RoutedMessage> f = new CompletableFuture<>();
    waiting.put(id, f);
    CompletableFuture<RoutedMessage> timed = f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    timed.whenComplete((m, e) -> waiting.remove(id));
    return new Pending(id, timed);
  }

  /** Gives up on a request (it could not be queued). */
  public void cancel(String requestId, Throwable cause) {
    CompletableFuture<RoutedMessage> f = waiting.remove(requestId);
    if (f != null) {
      f.completeExceptionally(cause);
    }
  }

  /** An answer arrived; false when nobody waits for it any more. */
  public boolean answer(String requestId, RoutedMessage answer) {
    CompletableFuture<RoutedMessage> f = waiting.remove(requestId);
    return f != null && f.complete(answer);
  }

  public int waitingCount() {
    return waiting.size();
  }

  public record Pending(String requestId, CompletableFuture<RoutedMessage> answer) {}
}
