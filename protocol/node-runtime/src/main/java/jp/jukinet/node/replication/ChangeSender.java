package jp.jukinet.node.replication;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.util.SerialPump;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityChangeAck;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.SourceAck;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.util.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one upstream link (CS → prefecture server, prefecture server → national server) from the
 * node's {@link Outbox}: sends {@code IdentityChangeBatch} requests of up to {@link
 * Settings#batchSize} changes, at most {@link Settings#window} batches in flight, and hands each
 * cumulative {@code IdentityChangeAck} to the outbox.
 *
 * <p>It is the outbox's listener: changes that become durable in it wake it. After every {@link
 * #attach} (a new connection) it starts again from the oldest unacknowledged change; the receiver
 * skips what it already applied. A failed batch (error frame, timeout, closed connection) closes
 * the link, so the reconnect resends in order.
 *
 * <p>Thread-safe; never blocks the caller: outbox reads run on the given executor.
 */
public final class ChangeSender {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSender.class);

  /** Batch size (changes per request), window (requests in flight) and per-request timeout. */
  public record Settings(int batchSize, int window, Duration requestTimeout) {
    public Settings {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be 1..10000, got " + batchSize);
      }
      if (window < 1 || window > 1_000) {
        throw new IllegalArgumentException("window must be 1..1000, got " + window);
      }
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "requestTimeout must be positive, got " + requestTimeout);
      }
    }

    public static Settings defaults() {
      return new Settings(512, 16, Duration.ofSeconds(30));
    }
  }

  private final String nodeName;
  private final Outbox outbox;
  private final Executor executor;
  private final Clock clock;
  private final Settings settings;

  private final Object lock = new Object();
  private Connection connection;
  private long epoch;
  private long cursor;
  private int inflight;
  private final SerialPump pump;

  /** Becomes the outbox's one listener ({@link Outbox#onDurable}). */
  public ChangeSender(
      String nodeName, Outbox outbox, Executor executor, Clock clock, Settings settings) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pump =
        new SerialPump(
            executor,
            this::pump,
            e -> LOG.error("{}: sending changes failed: {}", nodeName, e.toString(), e));
    outbox.onDurable(this::schedulePump);
  }

  /** The link is up: (re)send from the oldest unacknowledged change. */
  public void attach(Connection c) {
    Objects.requireNonNull(c, "connection");
    synchronized (lock) {
      connection = c;
      epoch++;
      cursor = 0;
      inflight = 0;
    }
    LOG.debug(
        "{}: change link to {} attached, {} unacknowledged", nodeName, c.peer(), outbox.size());
    schedulePump();
  }

  /** The link went down; responses still arriving for it are ignored (except their acks). */
  public void detach() {
    synchronized (lock) {
      connection = null;
      epoch++;
      inflight = 0;
    }
  }

  /** A cumulative acknowledgement: the receiver holds these changes durably. */
  public void onAck(IdentityChangeAck ack) {
    for (SourceAck a : ack.getAcksList()) {
      outbox
          .ack(a.getSourceMunicipality(), a.getThroughSequence())
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  LOG.warn(
                      "{}: recording ack of {} through {} failed: {}",
                      nodeName,
                      a.getSourceMunicipality(),
                      a.getThroughSequence(),
                      e.toString());
                }
              });
    }
    schedulePump();
  }

  public boolean attached() {
    synchronized (lock) {
      return connection != null;
    }
  }

  public int inflightBatches() {
    synchronized (lock) {
      return inflight;
    }
  }

  /** Lag: changes not yet acknowledged upstream. */
  public long unackedCount() {
    return outbox.size();
  }

  /** Lag: age of the oldest unacknowledged change; empty when none is waiting. */
  public OptionalLong oldestUnackedAgeMillis() {
    OptionalLong oldest = outbox.oldestUnackedMillis();
    return oldest.isPresent()
        ? OptionalLong.of(Math.max(0, clock.millis() - oldest.getAsLong()))
        : oldest;
  }

  private void schedulePump() {
    pump.schedule();
  }

  private void pump() {
    for (; ; ) {
      Connection c;
      long ep;
      long after;
      synchronized (lock) {
        if (connection == null || inflight >= settings.window()) {
          return;
        }
        c = connection;
        ep = epoch;
        after = cursor;
      }
      if (!c.isActive()) {
        return;
      }
      List<Outbox.Entry> entries = outbox.unackedAfter(after, settings.batchSize());
      if (entries.isEmpty()) {
        return;
      }
      synchronized (lock) {
        if (ep != epoch) {
          continue;
        }
        cursor = entries.get(entries.size() - 1).position();
        inflight++;
      }
      IdentityChangeBatch.Builder batch = IdentityChangeBatch.newBuilder();
      for (Outbox.Entry e : entries) {
        batch.addChanges(e.change());
      }
      try {
        c.request(Envelope.newBuilder().setIdentityChangeBatch(batch), settings.requestTimeout())
            .whenComplete((resp, err) -> onResponse(c, ep, resp, err));
      } catch (RuntimeException e) {
        onResponse(c, ep, null, e);
      }
    }
  }

  private void onResponse(Connection c, long ep, Envelope resp, Throwable err) {
    if (err == null) {
      if (resp.hasIdentityChangeAck()) {
        onAck(resp.getIdentityChangeAck());
      } else {
        err = new IllegalStateException("expected an IdentityChangeAck, got " + resp.getBodyCase());
      }
    }
    boolean current;
    synchronized (lock) {
      current = ep == epoch;
      if (current) {
        inflight--;
        if (err != null) {
          connection = null;
          epoch++;
          inflight = 0;
        }
      }
    }
    if (err != null && current) {
      Throwable cause = Futures.unwrap(err);
      if (c.isActive()) {
        LOG.warn(
            "{}: change batch to {} failed ({}); closing the link to resend from the oldest unacknowledged",
            nodeName,
            c.peer(),
            cause.toString());
      } else {
        LOG.debug(
            "{}: link to {} closed with change batches in flight; they are resent after reconnect",
            nodeName,
            c.peer());
      }
      c.close();
    }
    schedulePump();
  }
}
