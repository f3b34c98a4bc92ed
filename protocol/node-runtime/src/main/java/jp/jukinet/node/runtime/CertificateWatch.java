package jp.jukinet.node.runtime;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.tls.ReloadingCrlTrustManager;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.wire.ErrorCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a node's open connections whose peer certificate was revoked or has expired
 * (docs/protocol.md §4.7): every {@link #INTERVAL} it looks at {@code crl.pem} (re-read when it
 * changed) and at each established connection's certificate, and closes the ones now on the CRL or
 * past their {@code notAfter}, after an Error FORBIDDEN_PEER with correlation id 0 and one WARN
 * line. A CRL that cannot be used closes nothing here (handshakes already fail closed).
 */
final class CertificateWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateWatch.class);

  /**
   * How often the CRL and the certificates are checked: a revoked peer is gone within twice that.
   */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final PeerId self;
  private final ReloadingCrlTrustManager trust;
  private final Supplier<Collection<Connection>> connections;
  private final Clock clock;
  private final Executor executor;
  private final ScheduledFuture<?> timer;

  CertificateWatch(
      PeerId self,
      ReloadingCrlTrustManager trust,
      Supplier<Collection<Connection>> connections,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor executor) {
    this.self = Objects.requireNonNull(self, "self");
    this.trust = Objects.requireNonNull(trust, "trust");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
    // The check reads a file: it runs on the blocking executor, the timer only hands it over.
    this.timer =
        scheduler.scheduleWithFixedDelay(
            this::submit, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void submit() {
    try {
      executor.execute(this::check);
    } catch (RejectedExecutionException e) {
      // the node is stopping
    }
  }

  /** One pass over the open connections. */
  void check() {
    Optional<X509CRL> crl = trust.currentCrl();
    Instant now = clock.instant();
    for (Connection c : connections.get()) {
      c.peerCertificate()
          .ifPresent(
              cert -> {
                String why = why(c.peer(), cert, crl, now);
                if (why != null) {
                  LOG.warn("{}: closing the connection with {}: {}", self, c.peer(), why);
                  c.send(
                      Envelope.newBuilder()
                          .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_FORBIDDEN_PEER, why)));
                  c.close();
                }
              });
    }
  }

  private static String why(PeerId peer, X509Certificate cert, Optional<X509CRL> crl, Instant now) {
    if (crl.isPresent() && crl.get().isRevoked(cert)) {
      return "certificate of "
          + peer
          + " (serial "
          + cert.getSerialNumber().toString(16)
          + ") is revoked";
    }
    Instant notAfter = cert.getNotAfter().toInstant();
    return notAfter.isBefore(now) ? "certificate of " + peer + " expired at " + notAfter : null;
  }

  @Override
  public void close() {
    timer.cancel(false);
  }
}
