package jp.jukinet.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.wire.PeerText;

/**
 * Store-and-forward for {@link RoutedMessage}s (転入通知, 転出証明書情報, 広域交付): a message is accepted durably
 * once (by route id; the id is remembered after the message was forwarded, so a late resend is
 * recognised), held per next hop in acceptance order until {@link #delivered}. Which next hop a
 * message takes is the node's routing: the caller names it.
 *
 * <p>A message becomes visible to {@link #pendingFor} only once the transaction that accepted it is
 * durable, and then the mailbox tells its listener ({@link #onDurable}) which hop has something
 * new: nothing is forwarded that a crash could take back, and whoever forwards needs no other
 * signal. An in-memory index of the pending messages (hop, order, route id) is rebuilt from the
 * database on open.
 *
 * <p>The route ids seen are kept for good (a few bytes each), so duplicates are recognised however
 * late they come.
 */
public final class RoutedMailbox {
  public static final String CF = "routed_mailbox";
  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  /** Stages, on the database writer, what a newly accepted message does on this node. */
  @FunctionalInterface
  public interface ArrivalStager {
    void stage(Txn txn, RoutedMessage message) throws Exception;
  }

  private final NodeDatabase db;
  private final Clock clock;
  private final AtomicLong nextOrder;
  // Durable pending messages: per hop, order → route id.
  private final Map<String, ConcurrentSkipListMap<Long, String>> byHop = new ConcurrentHashMap<>();
  private volatile Consumer<String> listener = hop -> {};
  // Messages one transaction accepted, indexed once it is durable.
  private final Txn.Key<List<Place>> acceptedInTxn =
      Txn.key(
          "routed mailbox",
          txn -> {
            List<Place> accepted = new ArrayList<>(2);
            txn.onCommitted(() -> indexed(accepted));
            return accepted;
          });

  private record Place(String routeId, String hop, long order) {}

  public RoutedMailbox(NodeDatabase db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    long last = 0;
    try (StoreIterator it = db.iterator(CF)) {
      byte[] prefix = {(byte) 'P'};
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        Place place = place(new String(k, 1, k.length - 2, StandardCharsets.UTF_8), it.value());
        index(place);
        last = Math.max(last, place.order());
      }
    }
    this.nextOrder = new AtomicLong(last + 1);
  }

  /**
   * Sets the one listener told, on the database writer (so it must be quick), the hop of every
   * message that has just become durable here and so visible to {@link #pendingFor}.
   */
  public void onDurable(Consumer<String> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Durably accepts a message for its next hop {@code hop} (the key of the hop, e.g. a peer name).
   * Completes with true when it was new, false when this route id was accepted before (then nothing
   * changes); either way it is then safe to acknowledge it to the previous hop.
   *
   * @throws IllegalArgumentException when the message is malformed ({@link #validate}) or the hop
   *     blank
   */
  public CompletableFuture<Boolean> accept(RoutedMessage message, String hop) {
    return accept(message, hop, (txn, m) -> {});
  }

  /**
   * As {@link #accept(RoutedMessage, String)}, and when the message is new, {@code alsoStage}
   * stages its effect on this node into the same batch (e.g. a prefecture server applying a
   * 住民票コード変更 notice to its registry), so that the effect and the acceptance are durable together.
   */
  public CompletableFuture<Boolean> accept(
      RoutedMessage message, String hop, ArrivalStager alsoStage) {
    validate(message);
    requireHop(message, hop);
    Objects.requireNonNull(alsoStage, "alsoStage");
    AtomicBoolean fresh = new AtomicBoolean();
    return db.commit(
            txn -> {
              byte[] seenKey = Keys.of('S').str(message.getRouteId()).build();
              if (db.get(CF, seenKey) != null) {
                return;
              }
              alsoStage.stage(txn, message);
              putAccepted(txn, seenKey, hop, nextOrder.getAndIncrement(), message);
              fresh.set(true);
            })
        .thenApply(v -> fresh.get());
  }

  /**
   * Stages the acceptance of a message into {@code txn}, so that it becomes durable atomically with
   * whatever else the batch holds (e.g. the 転入 that caused a 転入通知). Call inside {@link
   * NodeDatabase#commit(NodeDatabase.Stager)}. Returns false (staging nothing) when the route id
   * was accepted before.
   */
  public boolean stage(Txn txn, RoutedMessage message, String hop) {
    txn.requireStaging("RoutedMailbox.stage");
    validate(message);
    requireHop(message, hop);
    byte[] seenKey = Keys.of('S').str(message.getRouteId()).build();
    if (db.get(CF, seenKey) != null) {
      return false;
    }
    putAccepted(txn, seenKey, hop, nextOrder.getAndIncrement(), message);
    return true;
  }

  private static void requireHop(RoutedMessage message, String hop) {
    if (hop == null || hop.isBlank()) {
      throw new IllegalArgumentException(
          "route "
              + PeerText.quote(message.getRouteId())
              + ": no next hop for destination "
              + PeerText.quote(message.getDestinationMunicipality()));
    }
  }

  /**
   * The three keys of an accepted message: seen (with when), pending (order + hop), and its queue
   * entry.
   */
  private void putAccepted(Txn txn, byte[] seenKey, String hop, long order, RoutedMessage message) {
    txn.attachment(acceptedInTxn).add(new Place(message.getRouteId(), hop, order));
    txn.put(CF, seenKey, Keys.longValue(clock.millis()));
    byte[] hop8 = hop.getBytes(StandardCharsets.UTF_8);
    byte[] pending = Arrays.copyOf(Keys.longValue(order), 8 + hop8.length);
    System.arraycopy(hop8, 0, pending, 8, hop8.length);
    txn.put(CF, Keys.of('P').str(message.getRouteId()).build(), pending);
    txn.put(CF, queueKey(hop, order), message.toByteArray());
  }

  /** Durable messages waiting for {@code hop}, in acceptance order, at most {@code max}. */
  public List<RoutedMessage> pendingFor(String hop, int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    ConcurrentSkipListMap<Long, String> queue = byHop.get(hop);
    List<RoutedMessage> out = new ArrayList<>();
    if (queue == null) {
      return out;
    }
    for (Long order : queue.keySet()) {
      if (out.size() >= max) {
        break;
      }
      byte[] v = db.get(CF, queueKey(hop, order));
      if (v == null) {
        continue; // delivered while we read
      }
      try {
        out.add(RoutedMessage.parseFrom(v));
      } catch (InvalidProtocolBufferException e) {
        throw new StoreException(
            db.nodeName() + ": unreadable routed message: " + e.getMessage(), e);
      }
    }
    return out;
  }

  public List<RoutedMessage> pendingFor(String hop) {
    return pendingFor(hop, Integer.MAX_VALUE);
  }

  /** True when the route id was ever accepted here. */
  public boolean seen(String routeId) {
    return db.get(CF, Keys.of('S').str(routeId).build()) != null;
  }

  /**
   * The next hop holds the message durably: forget the message (the route id stays remembered).
   * Completes with false when it was not pending.
   */
  public CompletableFuture<Boolean> delivered(String routeId) {
    AtomicBoolean removed = new AtomicBoolean();
    return db.commit(
            txn -> {
              byte[] pendingKey = Keys.of('P').str(routeId).build();
              byte[] pending = db.get(CF, pendingKey);
              if (pending == null) {
                return;
              }
              Place place = place(routeId, pending);
              txn.delete(CF, pendingKey);
              txn.delete(CF, queueKey(place.hop(), place.order()));
              txn.onCommitted(() -> unindex(place));
              removed.set(true);
            })
        .thenApply(v -> removed.get());
  }

  private void indexed(List<Place> accepted) {
    Set<String> hops = new LinkedHashSet<>();
    for (Place p : accepted) {
      index(p);
      hops.add(p.hop());
    }
    hops.forEach(listener);
  }

  private void index(Place p) {
    byHop.computeIfAbsent(p.hop(), h -> new ConcurrentSkipListMap<>()).put(p.order(), p.routeId());
  }

  private void unindex(Place p) {
    ConcurrentSkipListMap<Long, String> queue = byHop.get(p.hop());
    if (queue != null) {
      queue.remove(p.order(), p.routeId());
    }
  }

  /** A pending key's value: the order (8 bytes), then the hop. */
  private static Place place(String routeId, byte[] pending) {
    return new Place(
        routeId,
        new String(pending, 8, pending.length - 8, StandardCharsets.UTF_8),
        Keys.readU64(pending, 0));
  }

  private static byte[] queueKey(String hop, long order) {
    return Keys.of('Q').str(hop).u64(order).build();
  }

  /**
   * The one form check of a routed message, wherever it enters a node: throws
   * IllegalArgumentException naming what is missing (route id, destination or payload).
   */
  public static void validate(RoutedMessage m) {
    if (m.getRouteId().isBlank()) {
      throw new IllegalArgumentException("routed message has an empty route_id");
    }
    if (m.getDestinationMunicipality().isBlank()) {
      throw new IllegalArgumentException(
          "route " + PeerText.quote(m.getRouteId()) + ": destination_municipality is empty");
    }
    if (m.getPayloadCase() == RoutedMessage.PayloadCase.PAYLOAD_NOT_SET) {
      throw new IllegalArgumentException(
          "route " + PeerText.quote(m.getRouteId()) + ": no payload");
    }
  }
}
