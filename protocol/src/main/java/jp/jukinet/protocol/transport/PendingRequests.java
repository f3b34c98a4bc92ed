package jp.jukinet.protocol.transport;

import io.netty.channel.Channel;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.wire.Bodies;

/**
 * The requests of one connection that await their response, keyed by message id, and the sweep that
 * fails them once past their deadline. On the channel's event loop only: requests are written,
 * answered, swept and failed there.
 */
final class PendingRequests {
  /** How often pending requests are checked for their deadline while any are pending. */
  static final long TIMEOUT_TICK_MILLIS = 20;

  private record Pending(
      CompletableFuture<Envelope> future, long deadlineNanos, Envelope.BodyCase body) {}

  private final Connection connection;
  private final Channel channel;
  private final LongObjectMap<Pending> pending = new LongObjectHashMap<>();
  private boolean sweepScheduled;
  private final Runnable sweep = this::sweep;

  PendingRequests(Connection connection, Channel channel) {
    this.connection = connection;
    this.channel = channel;
  }

  /**
   * Lets {@code future} await the response to {@code request} (already stamped) for at most {@code
   * timeout}.
   */
  void add(Envelope request, Duration timeout, CompletableFuture<Envelope> future) {
    pending.put(
        request.getMessageId(),
        new Pending(future, System.nanoTime() + timeout.toNanos(), request.getBodyCase()));
    if (!sweepScheduled) {
      sweepScheduled = true;
      channel.eventLoop().schedule(sweep, TIMEOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Completes the request {@code response} answers (docs/protocol.md §6.4): exceptionally with
   * {@link RemoteErrorException} when it is an Error frame, and with an {@link IOException}
   * (outcome unknown) when its body is not the request's paired response. False when no request
   * awaits it (never sent, already answered, or timed out).
   */
  boolean complete(Envelope response) {
    Pending p = pending.remove(response.getCorrelationId());
    if (p == null) {
      return false;
    }
    if (response.hasError()) {
      p.future().completeExceptionally(new RemoteErrorException(response.getError()));
    } else if (response.getBodyCase() == Bodies.responseTo(p.body())) {
      p.future().complete(response);
    } else {
      p.future()
          .completeExceptionally(
              new IOException(
                  connection.self().name()
                      + ": "
                      + connection.peer()
                      + " answered "
                      + p.body()
                      + " (message id "
                      + response.getCorrelationId()
                      + ") with "
                      + response.getBodyCase()
                      + "; its outcome is unknown"));
    }
    return true;
  }

  /** The connection closed: fails every request still waiting. */
  void failAll() {
    if (pending.isEmpty()) {
      return;
    }
    IOException closed =
        new IOException(
            connection.self().name()
                + ": connection to "
                + connection.peer()
                + " closed before the response");
    // Emptied before any future completes: a completion may send the next request.
    List<Pending> all = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending p : all) {
      p.future().completeExceptionally(closed);
    }
  }

  private void sweep() {
    sweepScheduled = false;
    long now = System.nanoTime();
    // Collected first: the map's iterator reuses its entry, and a completion may send a request.
    List<Long> expired = new ArrayList<>();
    for (LongObjectMap.PrimitiveEntry<Pending> e : pending.entries()) {
      if (now - e.value().deadlineNanos() >= 0) {
        expired.add(e.key());
      }
    }
    for (long id : expired) {
      Pending p = pending.remove(id);
      p.future()
          .completeExceptionally(
              new TimeoutException(
                  connection.self().name()
                      + ": no response from "
                      + connection.peer()
                      + " to "
                      + p.body()
                      + " (message id "
                      + id
                      + ") in time"));
    }
    if (!pending.isEmpty() && channel.isActive() && !sweepScheduled) {
      sweepScheduled = true;
      channel.eventLoop().schedule(sweep, TIMEOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
