package jp.jukinet.node.relay;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.InputWarnings;
import jp.jukinet.protocol.wire.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server hop of the routed store-and-forward path (docs/design.md §3.2): CS → its prefecture
 * server → (national server → the destination's prefecture server) → destination CS.
 *
 * <p>A {@code routed_message} from a peer is checked ({@link Routing#refusal} and {@link
 * RoutedMailbox#validate}), routed once ({@link Routing#nextHop}; an unknown destination is
 * answered NOT_FOUND and dropped), stored durably in the {@link RoutedMailbox} for that hop (a
 * route id seen before is not stored twice) and only then acknowledged with {@code RoutedAck}. One
 * {@link MailboxForwarder} per hop, woken by the mailbox when messages become durable, then
 * forwards them to the connection serving the hop; messages for a hop that is not connected (a CS
 * that is down) wait until it connects again ({@link #onConnected}).
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

  /**
   * The message's destination as a municipality: what every routing needs before it picks a hop.
   *
   * @throws UnknownDestinationException when it is no valid code, or a prefecture's own (no CS has
   *     it)
   */
  public static LocalGovernmentCode destination(RoutedMessage m) {
    LocalGovernmentCode dest;
    try {
      dest = LocalGovernmentCode.parse(m.getDestinationMunicipality());
    } catch (IllegalArgumentException e) {
      throw new UnknownDestinationException(
          "route " + PeerText.quote(m.getRouteId()) + ": unknown destination: " + e.getMessage());
    }
    if (dest.isPrefecture()) {
      throw new UnknownDestinationException(
          "route "
              + PeerText.quote(m.getRouteId())
              + ": destination "
              + dest
              + " is a prefecture's code, not a municipality's (no CS has it)");
    }
    return dest;
  }

  /** The destination is not one this node can route to. */
  public static final class UnknownDestinationException extends RuntimeException {
    public UnknownDestinationException(String message) {
      super(message);
    }
  }

  private final String nodeName;
  private final RoutedMailbox mailbox;
  private final Routing routing;
  private final Executor executor;
  private final MailboxForwarder.Settings settings;
  private final RoutedMailbox.ArrivalStager onArrival;
  private final Map<String, MailboxForwarder> forwarders = new ConcurrentHashMap<>();

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public RoutedRelay(
      String nodeName,
      RoutedMailbox mailbox,
      Routing routing,
      Executor executor,
      MailboxForwarder.Settings settings) {
    this(nodeName, mailbox, routing, executor, settings, (txn, m) -> {});
  }

  /**
   * Becomes the mailbox's listener: whatever becomes durable in it (accepted here, or staged by the
   * node itself, e.g. the national server's 住民票コード変更 notices) wakes its hop's forwarder.
   *
   * @param onArrival stages what a newly accepted message does at this node, in the same write that
   *     stores it (e.g. a prefecture server applying a 住民票コード変更 notice); throwing refuses the
   *     message with INTERNAL (so check the payload in {@link Routing#refusal} first)
   */
  public RoutedRelay(
      String nodeName,
      RoutedMailbox mailbox,
      Routing routing,
      Executor executor,
      MailboxForwarder.Settings settings,
      RoutedMailbox.ArrivalStager onArrival) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    this.routing = Objects.requireNonNull(routing, "routing");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.onArrival = Objects.requireNonNull(onArrival, "onArrival");
    mailbox.onDurable(hop -> forwarder(hop).wake());
  }

  /** A peer connected: if it serves a hop, deliver what waits for it. */
  public void onConnected(Connection connection) {
    String hop = routing.hopOf(connection.peer());
    if (hop != null) {
      forwarder(hop).attach(connection);
    }
  }

  /** A peer went away; its in-flight messages stay in the mailbox and go again on reconnect. */
  public void onDisconnected(Connection connection) {
    String hop = routing.hopOf(connection.peer());
    if (hop != null) {
      forwarder(hop).detach(connection);
    }
  }

  /** Handles a {@code routed_message} request: store durably, then RoutedAck (or an Error). */
  public void onMessage(Connection connection, Envelope request) {
    RoutedMessage m = request.getRoutedMessage();
    String refusal = routing.refusal(connection.peer(), m);
    if (refusal == null) {
      try {
        RoutedMailbox.validate(m);
      } catch (IllegalArgumentException e) {
        refusal = e.getMessage();
      }
    }
    if (refusal != null) {
      refused.incrementAndGet();
      InputWarnings.warn(
          LOG,
          connection,
          "{}: refused routed message {} from {}: {}",
          nodeName,
          PeerText.quote(m.getRouteId()),
          connection.peer(),
          PeerText.boundMessage(refusal));
      connection.replyError(request, ErrorCode.ERROR_CODE_INVALID_REQUEST, refusal);
      return;
    }
    String hop;
    try {
      hop = routing.nextHop(m);
    } catch (UnknownDestinationException e) {
      refused.incrementAndGet();
      InputWarnings.warn(
          LOG,
          connection,
          "{}: dropped routed message {} from {}: {}",
          nodeName,
          PeerText.quote(m.getRouteId()),
          connection.peer(),
          PeerText.boundMessage(e.getMessage()));
      connection.replyError(request, ErrorCode.ERROR_CODE_NOT_FOUND, e.getMessage());
      return;
    }
    CompletableFuture<Boolean> stored;
    try {
      stored = mailbox.accept(m, hop, onArrival);
    } catch (RuntimeException e) {
      connection.replyError(
          request,
          ErrorCode.ERROR_CODE_INTERNAL,
          "storing routed message failed: " + e.getMessage());
      return;
    }
    stored.whenComplete(
        (fresh, err) -> {
          if (err != null) {
            LOG.error(
                "{}: storing routed message {} failed: {}",
                nodeName,
                PeerText.quote(m.getRouteId()),
                err.toString());
            connection.replyError(
                request,
                ErrorCode.ERROR_CODE_INTERNAL,
                "storing routed message failed: " + err.getMessage());
            return;
          }
          (fresh ? accepted : duplicates).incrementAndGet();
          connection.reply(
              request,
              Envelope.newBuilder()
                  .setRoutedAck(RoutedAck.newBuilder().setRouteId(m.getRouteId())));
        });
  }

  /**
   * Counters for NodeStatus: routed_accepted, routed_duplicates, routed_forwarded, routed_refused,
   * routed_dropped.
   */
  public Map<String, Long> counters() {
    long forwarded = 0;
    long dropped = 0;
    for (MailboxForwarder f : forwarders.values()) {
      forwarded += f.forwarded();
      dropped += f.dropped();
    }
    return Map.of(
        "routed_accepted", accepted.get(),
        "routed_duplicates", duplicates.get(),
        "routed_forwarded", forwarded,
        "routed_refused", refused.get(),
        "routed_dropped", dropped);
  }

  private MailboxForwarder forwarder(String hop) {
    return forwarders.computeIfAbsent(
        hop, h -> new MailboxForwarder(nodeName, mailbox, h, executor, settings));
  }
}
