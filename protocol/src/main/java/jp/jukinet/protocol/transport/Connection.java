package jp.jukinet.protocol.transport;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;

/** One authenticated connection (after Hello), seen from either end. Thread-safe. */
public interface Connection {
  /** The peer, as proven by its certificate and Hello. */
  PeerId peer();

  /**
   * The certificate the peer presented in the TLS handshake, for the checks of revocation and
   * expiry on open connections (docs/protocol.md §4.7); empty when there is none.
   */
  Optional<X509Certificate> peerCertificate();

  /** This node. */
  PeerId self();

  boolean isActive();

  /**
   * Sends a frame. The transport fills message_id (when the frame is written, on the connection's
   * event loop, so ids grow in write order whichever thread calls this), sender and sent_at. Writes
   * are flushed once per read batch (or at the end of the current event-loop task otherwise).
   */
  void send(Envelope.Builder envelope);

  /**
   * Sends a request and completes with the response whose correlation_id matches. Completes
   * exceptionally with {@link RemoteErrorException} if the peer answers with an Error frame, and
   * with {@link java.util.concurrent.TimeoutException} after the timeout, or a {@link
   * java.io.IOException} when the connection closes first.
   */
  CompletableFuture<Envelope> request(Envelope.Builder envelope, Duration timeout);

  /** Sends a response: sets correlation_id to the request's message_id. */
  void reply(Envelope request, Envelope.Builder response);

  /** Answers a request with an Error frame (the connection stays open). */
  void replyError(Envelope request, ErrorCode code, String message);

  void close();

  /**
   * Stops ({@code true}) or resumes reading from the connection for the node's own backpressure: a
   * handler that is behind with work read from this connection pauses it, so TCP pushes back on the
   * peer instead of the node queueing. One more reason beside those of docs/protocol.md §6.5: the
   * connection reads only when none holds it.
   */
  default void pauseReading(boolean paused) {}

  /**
   * Whether a WARN line about this connection's input may be written now: at most one a minute per
   * connection (docs/protocol.md §8.4). See {@link InputWarnings}.
   */
  default boolean mayWarn() {
    return true;
  }

  /** The frames and bytes sent and received on this connection so far (docs/protocol.md §7.1). */
  default LinkTraffic traffic() {
    return LinkTraffic.NONE;
  }
}
