package jp.jukinet.protocol.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.util.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to its upstream (CS → prefecture server, prefecture server → national server).
 * Keeps dialling until {@link #close()}: after a failed attempt or a lost connection it waits an
 * exponentially growing delay with jitter (backoffMin doubling up to backoffMax, reset once a link
 * comes up) so that 1,741 CSs do not hammer a restarted prefecture server in step. It is up while
 * {@link #connection()} is present; the node's {@link LinkListener} hears of every connection
 * coming and going.
 */
public final class UpstreamLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamLink.class);

  private final TransportResources resources;
  private final NodeTls tls;
  private final PeerId self;
  private final PeerId expected;
  private final InetSocketAddress address;
  private final EnvelopeHandler handler;
  private final LinkListener links;
  private final TransportSettings settings;
  private final EventLoop timerLoop;
  private final TransportCounters counters = new TransportCounters();

  // Guarded by this:
  private Connection current;
  private int failures;
  private boolean retryScheduled;
  private ScheduledFuture<?> retry;
  private boolean closed;
  private CompletableFuture<Connection> nextUp = new CompletableFuture<>();

  private UpstreamLink(
      TransportResources resources,
      NodeTls tls,
      PeerId self,
      PeerId expected,
      InetSocketAddress address,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings) {
    this.resources = resources;
    this.tls = tls;
    this.self = self;
    this.expected = expected;
    this.address = address;
    this.handler = handler;
    this.links = links;
    this.settings = settings;
    this.timerLoop = resources.workers().next();
  }

  /**
   * Starts dialling at once; frames go to {@code handler}, each connection's coming and going to
   * {@code links}.
   */
  public static UpstreamLink start(
      TransportResources resources,
      NodeTls tls,
      PeerId self,
      PeerId expected,
      InetSocketAddress address,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings) {
    UpstreamLink link =
        new UpstreamLink(
            Objects.requireNonNull(resources, "resources"),
            Objects.requireNonNull(tls, "tls"),
            Objects.requireNonNull(self, "self"),
            Objects.requireNonNull(expected, "expected"),
            Objects.requireNonNull(address, "address"),
            Objects.requireNonNull(handler, "handler"),
            Objects.requireNonNull(links, "links"),
            Objects.requireNonNull(settings, "settings"));
    link.attempt();
    return link;
  }

  public PeerId peer() {
    return expected;
  }

  /** What this link's connections dropped or refused, over every reconnection. */
  public TransportCounters counters() {
    return counters;
  }

  public InetSocketAddress address() {
    return address;
  }

  public synchronized Optional<Connection> connection() {
    return Optional.ofNullable(current);
  }

  /** Completes with the connection as soon as the link is (or next comes) up. */
  public synchronized CompletableFuture<Connection> whenUp() {
    if (current != null) {
      return CompletableFuture.completedFuture(current);
    }
    return nextUp.copy();
  }

  /** Waits for the link to be up; false after the timeout. */
  public boolean awaitUp(Duration timeout) throws InterruptedException {
    try {
      whenUp().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    }
  }

  private void attempt() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    // resolved afresh on every attempt: a name (a Kubernetes Service) that did not resolve yet, or
    // now names a restarted peer's new address, is looked up again rather than kept
    InetSocketAddress current = new InetSocketAddress(address.getHostString(), address.getPort());
    TransportClient.connect(
            resources, tls, self, expected, current, handler, links, settings, counters)
        .whenComplete(
            (connection, failure) -> {
              if (failure != null) {
                onAttemptFailed(failure);
              } else {
                onUp(connection);
              }
            });
  }

  private void onUp(Connection connection) {
    CompletableFuture<Connection> waiters;
    synchronized (this) {
      if (closed) {
        connection.close();
        return;
      }
      current = connection;
      failures = 0;
      LOG.info("{}: link to {} at {} is up", self.name(), expected, address);
      waiters = nextUp;
      nextUp = new CompletableFuture<>();
      // After the node's listener heard of it; at once if it closed before we got here.
      ((ConnectionHandler) connection).closed().thenRun(() -> onDown(connection));
    }
    // Outside the lock: waiters' callbacks may call back into this link from any thread.
    waiters.complete(connection);
  }

  private synchronized void onDown(Connection connection) {
    if (current != connection) {
      return;
    }
    current = null;
    if (!closed) {
      LOG.warn("{}: link to {} at {} lost; reconnecting", self.name(), expected, address);
      scheduleRetry();
    }
  }

  private synchronized void onAttemptFailed(Throwable failure) {
    if (closed) {
      return;
    }
    Throwable cause = Futures.unwrap(failure);
    // The first failure in a row is worth a WARN; the retries after it only at DEBUG.
    if (failures == 0) {
      LOG.warn(
          "{}: cannot reach {} at {}: {}; retrying",
          self.name(),
          expected,
          address,
          cause.getMessage());
    } else {
      LOG.debug(
          "{}: attempt {} to reach {} failed: {}",
          self.name(),
          failures + 1,
          expected,
          cause.getMessage());
    }
    scheduleRetry();
  }

  private void scheduleRetry() {
    // Both a failed attempt and a lost connection can ask for a retry; only one may be pending.
    if (closed || retryScheduled) {
      return;
    }
    retryScheduled = true;
    long delay = backoffMillis(failures++);
    retry =
        timerLoop.schedule(
            () -> {
              synchronized (this) {
                retryScheduled = false;
                retry = null;
              }
              attempt();
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  /** backoffMin · 2^failures capped at backoffMax, then uniformly in [half, full] of that. */
  long backoffMillis(int failuresSoFar) {
    long min = settings.backoffMin().toMillis();
    long max = settings.backoffMax().toMillis();
    long base = failuresSoFar >= 30 ? max : Math.min(max, min << failuresSoFar);
    long half = Math.max(1, base / 2);
    return half + ThreadLocalRandom.current().nextLong(base - half + 1);
  }

  /** Stops reconnecting and closes the current connection. */
  @Override
  public void close() {
    Connection c;
    synchronized (this) {
      closed = true;
      if (retry != null) {
        retry.cancel(false);
      }
      c = current;
      current = null;
      nextUp.completeExceptionally(
          new IllegalStateException(self.name() + ": link to " + expected + " closed"));
    }
    if (c != null) {
      c.close();
    }
  }
}
