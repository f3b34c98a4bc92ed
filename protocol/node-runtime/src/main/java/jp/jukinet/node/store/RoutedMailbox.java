package jp.jukinet.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Store-and-forward for {@link RoutedMessage}s (転入通知, 転出証明書情報, 広域交付): a message is
 * accepted durably once (by route id; the id is remembered after the message was forwarded, so
 * a late resend is recognised), held per next hop in acceptance order until
 * {@link #delivered}. Which next hop a message takes is the node's routing, given as a function.
 *
 * <p>The route ids seen are kept for good (a few bytes each), so duplicates are recognised
 * however late they come.
 */
public final class RoutedMailbox {
  public static final String CF = "routed_mailbox";
  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  /** Stages, on the database writer, what a newly accepted message does on this node. */
  @FunctionalInterface
  public interface ArrivalStager {
    void stage(WriteBatch batch, RoutedMessage message) throws Exception;
  }

  private final NodeDatabase db;
  private final Clock clock;
  private final Function<RoutedMessage, String> nextHop;
  private final AtomicLong nextOrder;

  /**
   * @param nextHop the key of the hop a message goes to next (e.g. a peer name); must not be
   *     blank
   */
  public RoutedMailbox(NodeDatabase db, Clock clock, Function<RoutedMessage, String> nextHop) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nextHop = Objects.requireNonNull(nextHop, "nextHop");
    long last = 0;
    try (RocksIterator it = db.iterator(CF)) {
      byte[] prefix = {(byte) 'P'};
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        last = Math.max(last, Keys.readU64(it.value(), 0));
      }
    }
    this.nextOrder = new AtomicLong(last + 1);
  }

  /**
   * Durably accepts a message for its next hop. Completes with true when it was new, false when
   * this route id was accepted before (then nothing changes); either way it is then safe to
   * acknowledge it to the previous hop.
   */
  public CompletableFuture<Boolean> accept(RoutedMessage message) {
    return accept(message, (batch, m) -> {});
  }

  /**
   * As {@link #accept(RoutedMessage)}, and when the message is new, {@code alsoStage} stages its
   * effect on this node into the same batch (e.g. a prefecture server applying a 住民票コード変更
   * notice to its registry), so that the effect and the acceptance are durable together.
   */
  public CompletableFuture<Boolean> accept(RoutedMessage message, ArrivalStager alsoStage) {
    validate(message);
    Objects.requireNonNull(alsoStage, "alsoStage");
    String hop = hopFor(message);
    AtomicBoolean fresh = new AtomicBoolean();
    return db.commit(batch -> {
      byte[] seenKey = Keys.of('S').str(message.getRouteId()).build();
      if (db.get(CF, seenKey) != null) {
        return;
      }
      alsoStage.stage(batch, message);
      putAccepted(batch, seenKey, hop, nextOrder.getAndIncrement(), message);
      fresh.set(true);
    }).thenApply(v -> fresh.get());
  }

  /**
   * Stages the acceptance of a message into {@code batch}, so that it becomes durable atomically
   * with whatever else the batch holds (e.g. the 転入 that caused a 転入通知). Call inside
   * {@link NodeDatabase#commit(NodeDatabase.Stager)}. Returns false (staging nothing) when the
   * route id was accepted before.
   */
  public boolean stage(WriteBatch batch, RoutedMessage message) {
    db.requireWriter("RoutedMailbox.stage");
    validate(message);
    String hop = hopFor(message);
    byte[] seenKey = Keys.of('S').str(message.getRouteId()).build();
    if (db.get(CF, seenKey) != null) {
      return false;
    }
    long order = nextOrder.getAndIncrement();
    try {
      putAccepted(batch, seenKey, hop, order, message);
    } catch (RocksDBException e) {
      throw new StoreException(db.nodeName() + ": staging routed message " + message.getRouteId() + " failed: "
          + e.getMessage(), e);
    }
    return true;
  }

  private String hopFor(RoutedMessage message) {
    String hop = nextHop.apply(message);
    if (hop == null || hop.isBlank()) {
      throw new IllegalArgumentException("route " + message.getRouteId() + ": no next hop for destination "
          + message.getDestinationMunicipality());
    }
    return hop;
  }

  /** The three keys of an accepted message: seen (with when), pending (order + hop), and its queue entry. */
  private void putAccepted(WriteBatch batch, byte[] seenKey, String hop, long order, RoutedMessage message)
      throws RocksDBException {
    batch.put(db.cf(CF), seenKey, Keys.longValue(clock.millis()));
    byte[] hop8 = hop.getBytes(StandardCharsets.UTF_8);
    byte[] pending = Arrays.copyOf(Keys.longValue(order), 8 + hop8.length);
    System.arraycopy(hop8, 0, pending, 8, hop8.length);
    batch.put(db.cf(CF), Keys.of('P').str(message.getRouteId()).build(), pending);
    batch.put(db.cf(CF), queueKey(hop, order), message.toByteArray());
  }

  /** Messages waiting for {@code hop}, in acceptance order, at most {@code max}. */
  public List<RoutedMessage> pendingFor(String hop, int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    byte[] prefix = Keys.of('Q').str(hop).build();
    List<RoutedMessage> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(CF)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix) && out.size() < max; it.next()) {
        try {
          out.add(RoutedMessage.parseFrom(it.value()));
        } catch (InvalidProtocolBufferException e) {
          throw new StoreException(db.nodeName() + ": unreadable routed message: " + e.getMessage(), e);
        }
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
    return db.commit(batch -> {
      byte[] pendingKey = Keys.of('P').str(routeId).build();
      byte[] pending = db.get(CF, pendingKey);
      if (pending == null) {
        return;
      }
      String hop = new String(pending, 8, pending.length - 8, StandardCharsets.UTF_8);
      batch.delete(db.cf(CF), pendingKey);
      batch.delete(db.cf(CF), queueKey(hop, Keys.readU64(pending, 0)));
      removed.set(true);
    }).thenApply(v -> removed.get());
  }

  private static byte[] queueKey(String hop, long order) {
    return Keys.of('Q').str(hop).u64(order).build();
  }

  private static void validate(RoutedMessage m) {
    if (m.getRouteId().isBlank()) {
      throw new IllegalArgumentException("routed message has an empty route_id");
    }
    if (m.getDestinationMunicipality().isBlank()) {
      throw new IllegalArgumentException("route " + m.getRouteId() + ": destination_municipality is empty");
    }
    if (m.getPayloadCase() == RoutedMessage.PayloadCase.PAYLOAD_NOT_SET) {
      throw new IllegalArgumentException("route " + m.getRouteId() + ": no payload");
    }
  }
}
