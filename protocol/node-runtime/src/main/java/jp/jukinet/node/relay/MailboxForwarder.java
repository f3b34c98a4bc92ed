package jp.jukinet.node.relay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.util.SerialPump;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.util.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards what a {@link RoutedMailbox} holds for one next hop over the connection serving that hop
 * (a CS's prefecture server, or a server's peer): sends the durable pending messages in acceptance
 * order, at most {@link Settings#maxInflight} at a time, and forgets a message ({@link
 * RoutedMailbox#delivered}) once the hop answers it with its {@code RoutedAck}.
 *
 * <p>It is woken by the mailbox when messages for its hop become durable ({@link #wake}), and by
 * {@link #attach} when the hop connects; everything still pending is sent again after every
 * reconnect (the hop recognises route ids it already holds).
 *
 * <p>The one retry and error policy:
 *
 * <ul>
 *   <li>{@code RoutedAck}: delivered, forgotten here.
 *   <li>A <b>definite</b> error other than {@code OVERLOADED} (e.g. {@code NOT_FOUND} for a
 *       destination the hop cannot route, {@code INVALID_REQUEST} for a message its routing
 *       refuses): the hop has judged the message and will judge it the same way every time, so it
 *       is dropped (forgotten, logged, counted as {@code routed_dropped}) rather than resent
 *       forever from a queue nobody reads.
 *   <li>Anything else ({@code OVERLOADED}, an indefinite error, a timeout, an unexpected answer):
 *       resent after {@link Settings#retryDelay} while the link is up, and after the next reconnect
 *       otherwise.
 * </ul>
 *
 * <p>Thread-safe; never blocks the caller (mailbox reads run on the given executor).
 */
public final class MailboxForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(MailboxForwarder.class);

  /** In-flight messages, per-message timeout, and the pause before resending after a failure. */
  public record Settings(int maxInflight, Duration requestTimeout, Duration retryDelay) {
    public Settings {
      if (maxInflight < 1 || maxInflight > 10_000) {
        throw new IllegalArgumentException("maxInflight must be 1..10000, got " + maxInflight);
      }
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(retryDelay, "retryDelay");
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "requestTimeout must be positive, got " + requestTimeout);
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
  private final String hop;
  private final Executor executor;
  private final Settings settings;
  private final SerialPump pump;
  private final Set<String> inflight = ConcurrentHashMap.newKeySet();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Connection connection;

  public MailboxForwarder(
      String nodeName, RoutedMailbox mailbox, String hop, Executor executor, Settings settings) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    this.hop = Objects.requireNonNull(hop, "hop");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pump =
        new SerialPump(
            executor,
            this::pump,
            e ->
                LOG.error(
                    "{}: forwarding routed messages to {} failed: {}",
                    nodeName,
                    hop,
                    e.toString(),
                    e));
  }

  public String hop() {
    return hop;
  }

  /** The hop connected: send everything pending for it. */
  public void attach(Connection c) {
    connection = Objects.requireNonNull(c, "connection");
    wake();
  }

  /** The hop went away; its in-flight messages stay pending and go again on reconnect. */
  public void detach(Connection c) {
    if (connection == c) {
      connection = null;
    }
  }

  /** Messages for the hop may be pending (e.g. the mailbox made some durable). */
  public void wake() {
    pump.schedule();
  }

  /** Messages the hop acknowledged so far. */
  public long forwarded() {
    return forwarded.get();
  }

  /** Messages dropped on a definite refusal so far. */
  public long dropped() {
    return dropped.get();
  }

  private void pump() {
    Connection c = connection;
    if (c == null || !c.isActive()) {
      return;
    }
    int room = settings.maxInflight() - inflight.size();
    if (room <= 0) {
      return;
    }
    List<RoutedMessage> pending = mailbox.pendingFor(hop, settings.maxInflight() + inflight.size());
    for (RoutedMessage m : pending) {
      if (room <= 0) {
        break;
      }
      if (!inflight.add(m.getRouteId())) {
        continue;
      }
      room--;
      CompletableFuture<Envelope> sent;
      try {
        sent = c.request(Envelope.newBuilder().setRoutedMessage(m), settings.requestTimeout());
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((resp, err) -> onAnswer(c, m, resp, err));
    }
  }

  private void onAnswer(Connection c, RoutedMessage m, Envelope resp, Throwable err) {
    String id = m.getRouteId();
    Throwable cause = Futures.unwrap(err);
    if (cause == null && !(resp.hasRoutedAck() && resp.getRoutedAck().getRouteId().equals(id))) {
      cause =
          new IllegalStateException("expected RoutedAck for " + id + ", got " + resp.getBodyCase());
    }
    if (cause == null) {
      forwarded.incrementAndGet();
      forget(id);
      return;
    }
    if (cause instanceof RemoteErrorException r
        && r.definite()
        && r.code() != ErrorCode.ERROR_CODE_OVERLOADED) {
      dropped.incrementAndGet();
      LOG.warn(
          "{}: {} refused routed message {} ({} → {}); dropped: {}",
          nodeName,
          c.peer(),
          id,
          m.getOriginMunicipality(),
          m.getDestinationMunicipality(),
          r.getMessage());
      forget(id);
      return;
    }
    inflight.remove(id);
    if (c.isActive()) {
      LOG.warn(
          "{}: forwarding routed message {} to {} failed ({}); resending in {} ms",
          nodeName,
          id,
          c.peer(),
          cause.toString(),
          settings.retryDelay().toMillis());
      CompletableFuture.delayedExecutor(
              settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS, executor)
          .execute(this::wake);
    } else {
      LOG.debug(
          "{}: link to {} closed with routed message {} in flight; resent on reconnect",
          nodeName,
          c.peer(),
          id);
    }
  }

  private void forget(String id) {
    mailbox
        .delivered(id)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.error(
                    "{}: recording delivery of routed message {} failed: {}",
                    nodeName,
                    id,
                    e.toString());
              }
              inflight.remove(id); // only now: a pump before this would send it again
              wake();
            });
  }
}
