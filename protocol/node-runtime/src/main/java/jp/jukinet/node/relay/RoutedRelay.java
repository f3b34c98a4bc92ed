package jp.jukinet.node.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.util.SerialPump;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.util.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server hop of the routed store-and-forward path (docs/design.md §3.2): CS → its prefecture server
 * → (national server → the destination's prefecture server) → destination CS.
 *
 * <p>A {@code routed_message} from a peer is checked ({@link Routing#refusal}), routed
 * ({@link Routing#nextHop}; an unknown destination is answered NOT_FOUND and dropped), stored
 * durably in the {@link RoutedMailbox} (a route id seen before is not stored twice) and only then
 * acknowledged with {@code RoutedAck}. Messages are then forwarded to the connection serving their
 * next hop, at most {@link Settings#maxInflightPerHop} per hop; the next hop's {@code RoutedAck}
 * removes a message from the mailbox. Messages for a hop that is not connected (a CS that is
 * down) wait until that hop connects again ({@link #onConnected}).
 *
 * <p>Thread-safe; never blocks the caller (mailbox reads run on the given executor).
 */
public final class RoutedRelay {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedRelay.class);

  /** The node's routing decisions. Hop keys are free-form strings such as {@code cs:192015}. */
  public interface Routing {
    /** Null when {@code from} may hand this message to this node; otherwise why not. */
    String refusal(PeerId from, RoutedMessage message);

    /**
     * The key of the hop the message goes to next.
     *
     * @throws UnknownDestinationException when this node has no route to the destination
     */
    String nextHop(RoutedMessage message);

    /** The hop key a connected peer serves, or null when it serves none. */
    String hopOf(PeerId peer);
  }

  /** The destination is not one this node can route to. */
  public static final class UnknownDestinationException extends RuntimeException {
    public UnknownDestinationException(String message) {
      super(message);
    }
  }

  /** In-flight messages per hop, per-forward timeout, and the pause before retrying after a failure. */
  public record Settings(int maxInflightPerHop, Duration requestTimeout, Duration retryDelay) {
    public Settings {
      if (maxInflightPerHop < 1 || maxInflightPerHop > 10_000) {
        throw new IllegalArgumentException("maxInflightPerHop must be 1..10000, got " + maxInflightPerHop);
      }
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(retryDelay, "retryDelay");
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
      }
      if (retryDelay.isNegative()) {
        throw new IllegalArgumentException("retryDelay must not be negative, got " + retryDelay);
      }
    }

    public static Settings defaults() {
      return new Settings(256, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }
  }

  private final String nodeName;
  private final RoutedMailbox mailbox;
  private final Routing routing;
  private final Executor executor;
  private final Settings settings;
  private final RoutedMailbox.ArrivalStager onArrival;

  private final Map<String, Connection> hops = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> inflight = new ConcurrentHashMap<>();
  private final Map<String, SerialPump> pumps = new ConcurrentHashMap<>();

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public RoutedRelay(String nodeName, RoutedMailbox mailbox, Routing routing, Executor executor, Settings settings) {
    this(nodeName, mailbox, routing, executor, settings, (batch, m) -> {});
  }

  /**
   * @param onArrival stages what a newly accepted message does at this node, in the same write
   *     that stores it (e.g. a prefecture server applying a 住民票コード変更 notice); throwing
   *     refuses the message with INTERNAL (so check the payload in {@link Routing#refusal} first)
   */
  public RoutedRelay(String nodeName, RoutedMailbox mailbox, Routing routing, Executor executor, Settings settings,
      RoutedMailbox.ArrivalStager onArrival) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    this.routing = Objects.requireNonNull(routing, "routing");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.onArrival = Objects.requireNonNull(onArrival, "onArrival");
  }

  /**
   * Messages the node itself staged into the mailbox (e.g. the national server's 住民票コード変更
   * notices) are durable: offer them to every connected hop.
   */
  public void wake() {
    hops.keySet().forEach(this::schedule);
  }

  /** A peer connected: if it serves a hop, deliver what waits for it. */
  public void onConnected(Connection connection) {
    String hop = routing.hopOf(connection.peer());
    if (hop != null) {
      hops.put(hop, connection);
      schedule(hop);
    }
  }

  /** A peer went away; its in-flight messages stay in the mailbox and go again on reconnect. */
  public void onDisconnected(Connection connection) {
    String hop = routing.hopOf(connection.peer());
    if (hop != null) {
      hops.remove(hop, connection);
    }
  }

  /** Handles a {@code routed_message} request: store durably, then RoutedAck (or an Error). */
  public void onMessage(Connection connection, Envelope request) {
    RoutedMessage m = request.getRoutedMessage();
    String refusal = routing.refusal(connection.peer(), m);
    String hop;
    if (refusal == null) {
      refusal = malformed(m);
    }
    if (refusal != null) {
      refused.incrementAndGet();
      LOG.warn("{}: refused routed message {} from {}: {}", nodeName, m.getRouteId(), connection.peer(), refusal);
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST, refusal);
      return;
    }
    try {
      hop = routing.nextHop(m);
    } catch (UnknownDestinationException e) {
      refused.incrementAndGet();
      LOG.warn("{}: dropped routed message {} from {}: {}", nodeName, m.getRouteId(), connection.peer(), e.getMessage());
      connection.replyError(request, ErrorCode.ERROR_CODE_NOT_FOUND, e.getMessage());
      return;
    }
    String target = hop;
    CompletableFuture<Boolean> stored;
    try {
      stored = mailbox.accept(m, onArrival);
    } catch (IllegalArgumentException e) {
      refused.incrementAndGet();
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST, e.getMessage());
      return;
    } catch (RuntimeException e) {
      connection.replyError(request, ErrorCode.ERROR_CODE_INTERNAL, "storing routed message failed: " + e.getMessage());
      return;
    }
    stored.whenComplete((fresh, err) -> {
      if (err != null) {
        LOG.error("{}: storing routed message {} failed: {}", nodeName, m.getRouteId(), err.toString());
        connection.replyError(request, ErrorCode.ERROR_CODE_INTERNAL, "storing routed message failed: " + err.getMessage());
        return;
      }
      (fresh ? accepted : duplicates).incrementAndGet();
      connection.reply(request, Envelope.newBuilder().setRoutedAck(RoutedAck.newBuilder().setRouteId(m.getRouteId())));
      if (fresh) {
        schedule(target);
      }
    });
  }

  /** Counters for NodeStatus: routed_accepted, routed_duplicates, routed_forwarded, routed_refused, routed_dropped. */
  public Map<String, Long> counters() {
    return Map.of(
        "routed_accepted", accepted.get(),
        "routed_duplicates", duplicates.get(),
        "routed_forwarded", forwarded.get(),
        "routed_refused", refused.get(),
        "routed_dropped", dropped.get());
  }

  private static String malformed(RoutedMessage m) {
    if (m.getRouteId().isBlank()) {
      return "routed message has an empty route_id";
    }
    if (m.getDestinationMunicipality().isBlank()) {
      return "route " + m.getRouteId() + ": destination_municipality is empty";
    }
    if (m.getPayloadCase() == RoutedMessage.PayloadCase.PAYLOAD_NOT_SET) {
      return "route " + m.getRouteId() + ": no payload";
    }
    return null;
  }

  private void schedule(String hop) {
    pumps.computeIfAbsent(hop, h -> new SerialPump(executor, () -> pump(h),
        e -> LOG.error("{}: forwarding routed messages to {} failed: {}", nodeName, h, e.toString(), e)))
        .schedule();
  }

  private void pump(String hop) {
    Connection c = hops.get(hop);
    if (c == null || !c.isActive()) {
      return;
    }
    Set<String> flying = inflight.computeIfAbsent(hop, h -> ConcurrentHashMap.newKeySet());
    int room = settings.maxInflightPerHop() - flying.size();
    if (room <= 0) {
      return;
    }
    List<RoutedMessage> pending = mailbox.pendingFor(hop, settings.maxInflightPerHop() + flying.size());
    for (RoutedMessage m : pending) {
      if (room <= 0) {
        break;
      }
      if (!flying.add(m.getRouteId())) {
        continue;
      }
      room--;
      CompletableFuture<Envelope> sent;
      try {
        sent = c.request(Envelope.newBuilder().setRoutedMessage(m), settings.requestTimeout());
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((resp, err) -> onForwarded(hop, c, m, resp, err));
    }
  }

  private void onForwarded(String hop, Connection c, RoutedMessage m, Envelope resp, Throwable err) {
    Set<String> flying = inflight.get(hop);
    String id = m.getRouteId();
    Throwable cause = Futures.unwrap(err);
    if (cause == null && !(resp.hasRoutedAck() && resp.getRoutedAck().getRouteId().equals(id))) {
      cause = new IllegalStateException("expected RoutedAck for " + id + ", got " + resp.getBodyCase());
    }
    if (cause == null) {
      forwarded.incrementAndGet();
      forget(hop, id, flying);
      return;
    }
    if (cause instanceof RemoteErrorException r && r.definite()) {
      // The next hop will never take it (e.g. it knows no such destination): retrying cannot help.
      dropped.incrementAndGet();
      LOG.warn("{}: {} refused routed message {} ({} → {}); dropped: {}", nodeName, c.peer(), id,
          m.getOriginMunicipality(), m.getDestinationMunicipality(), r.getMessage());
      forget(hop, id, flying);
      return;
    }
    flying.remove(id);
    if (c.isActive()) {
      LOG.warn("{}: forwarding routed message {} to {} failed ({}); retrying in {} ms", nodeName, id, c.peer(),
          cause.toString(), settings.retryDelay().toMillis());
      CompletableFuture.delayedExecutor(settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS, executor)
          .execute(() -> schedule(hop));
    } else {
      LOG.debug("{}: link to {} closed with routed message {} in flight; resent on reconnect", nodeName, c.peer(), id);
    }
  }

  private void forget(String hop, String id, Set<String> flying) {
    mailbox.delivered(id).whenComplete((v, e) -> {
      if (e != null) {
        LOG.error("{}: recording delivery of routed message {} failed: {}", nodeName, id, e.toString());
      }
      flying.remove(id); // only now: a pump before this would send it again
      schedule(hop);
    });
  }
}
