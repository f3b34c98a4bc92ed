package jp.jukinet.cs.routing;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.node.util.SerialPump;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.protocol.transport.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the CS's outgoing routed messages (転入通知, 転出証明書情報 requests and answers, 広域交付)
 * from its {@link RoutedMailbox} to its prefecture server, which answers each with a
 * {@code RoutedAck} once it holds the message durably; only then is the message forgotten here.
 * Everything still pending is sent again after every reconnect (the servers recognise route ids
 * they already hold). Only messages whose batch is known durable are sent, so a crash can never
 * take back a route id that a server already saw.
 */
public final class RoutedSender {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedSender.class);
  private static final int BATCH = 256;

  private final String nodeName;
  private final String selfCode;
  private final RoutedMailbox mailbox;
  private final Executor executor;
  private final Duration timeout;
  private final AtomicLong durableRouteSeq = new AtomicLong();
  private final SerialPump pump;

  private final Object lock = new Object();
  private Connection connection;
  private final Set<String> inflight = new HashSet<>();

  public RoutedSender(String nodeName, String selfCode, RoutedMailbox mailbox, Executor executor, Duration timeout,
      long durableRouteSeq) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.selfCode = Objects.requireNonNull(selfCode, "selfCode");
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.durableRouteSeq.set(durableRouteSeq);
    this.pump = new SerialPump(executor, this::pump,
        e -> LOG.error("{}: sending routed messages failed: {}", nodeName, e.toString(), e));
  }

  public void attach(Connection c) {
    synchronized (lock) {
      connection = c;
      inflight.clear();
    }
    schedulePump();
  }

  public void detach(Connection c) {
    synchronized (lock) {
      if (connection == c) {
        connection = null;
        inflight.clear();
      }
    }
  }

  /** Messages up to this route sequence are durable and may be sent. */
  public void durableThrough(long routeSeq) {
    durableRouteSeq.accumulateAndGet(routeSeq, Math::max);
    schedulePump();
  }

  /** Nudges the sender (e.g. periodically, to retry messages a server refused for a while). */
  public void retry() {
    synchronized (lock) {
      inflight.clear();
    }
    schedulePump();
  }

  private void schedulePump() {
    pump.schedule();
  }

  private void pump() {
    Connection c;
    synchronized (lock) {
      c = connection;
    }
    if (c == null || !c.isActive()) {
      return;
    }
    List<RoutedMessage> pending = mailbox.pendingFor(CsStore.UPSTREAM_HOP, BATCH);
    for (RoutedMessage m : pending) {
      if (!isDurable(m)) {
        continue;
      }
      synchronized (lock) {
        if (connection != c || !inflight.add(m.getRouteId())) {
          continue;
        }
      }
      c.request(Envelope.newBuilder().setRoutedMessage(m), timeout).whenComplete((resp, err) -> {
        if (err == null && resp.hasRoutedAck() && resp.getRoutedAck().getRouteId().equals(m.getRouteId())) {
          mailbox.delivered(m.getRouteId()).whenComplete((v, e) -> {
            synchronized (lock) {
              inflight.remove(m.getRouteId());
            }
            if (e != null) {
              LOG.warn("{}: recording delivery of route {} failed: {}", nodeName, m.getRouteId(), e.toString());
            }
            schedulePump();
          });
        } else {
          LOG.warn("{}: route {} to {} not accepted by {}: {}; it stays queued", nodeName, m.getRouteId(),
              m.getDestinationMunicipality(), c.peer(), err != null ? err.toString() : resp.getBodyCase());
          // Left in flight: resent after the next reconnect or retry tick, not in a tight loop.
        }
      });
    }
  }

  private boolean isDurable(RoutedMessage m) {
    String id = m.getRouteId();
    String prefix = selfCode + "-";
    if (!id.startsWith(prefix)) {
      return true;
    }
    try {
      return Long.parseLong(id.substring(prefix.length())) <= durableRouteSeq.get();
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
