package jp.jukinet.node.runtime;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.wire.Bodies;
import jp.jukinet.protocol.wire.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands before a node's handler and judges every request before any work is done (docs/protocol.md
 * §6.6 steps 8 and 9): the body against the {@link BodyPermissions} table for the peer's
 * certificate role (NOT_PERMITTED, or UNKNOWN_BODY for bodies no node serves yet), then the
 * deprecated {@code Envelope.operator_id}, which must be empty or the peer's certificate code
 * (§5.2). A refused request changes nothing and the connection stays open. Responses and other
 * non-requests pass through untouched.
 */
public final class RequestGate implements EnvelopeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

  private final PeerId self;
  private final EnvelopeHandler node;
  private final AtomicLong notPermitted = new AtomicLong();
  private volatile NotPermittedListener listener = (connection, request, message) -> {};

  /** Told of each request refused NOT_PERMITTED (e.g. to write it to a security log). */
  @FunctionalInterface
  public interface NotPermittedListener {
    /** Called on the connection's event loop: must not block. */
    void notPermitted(Connection connection, Envelope request, String message);
  }

  public RequestGate(PeerId self, EnvelopeHandler node) {
    this.self = Objects.requireNonNull(self, "self");
    this.node = Objects.requireNonNull(node, "node");
  }

  /** Sets the one listener told of NOT_PERMITTED refusals. */
  public void onNotPermitted(NotPermittedListener l) {
    this.listener = Objects.requireNonNull(l, "listener");
  }

  /**
   * Requests refused NOT_PERMITTED since the node started (the {@code requests_not_permitted}
   * counter).
   */
  public long notPermitted() {
    return notPermitted.get();
  }

  @Override
  public void onEnvelope(Connection connection, Envelope envelope) {
    if (envelope.getCorrelationId() == 0 && !admits(connection, envelope)) {
      return;
    }
    node.onEnvelope(connection, envelope);
  }

  private boolean admits(Connection connection, Envelope request) {
    PeerId peer = connection.peer();
    switch (BodyPermissions.judge(self.role(), request.getBodyCase(), peer.role())) {
      case NOT_A_REQUEST:
        return true;
      case NOT_PERMITTED:
        notPermitted.incrementAndGet();
        String role = PeerId.roleName(peer.role());
        String message =
            bodyName(request.getBodyCase())
                + " is not accepted from "
                + (startsWithVowel(role) ? "an " : "a ")
                + role
                + " ("
                + peer
                + ") by "
                + self;
        refuse(connection, request, ErrorCode.ERROR_CODE_NOT_PERMITTED, message);
        listener.notPermitted(connection, request, message);
        return false;
      case PERMITTED:
      default:
        break;
    }
    String operator = request.getOperatorId();
    if (!operator.isEmpty() && !operator.equals(peer.code())) {
      refuse(
          connection,
          request,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "operator_id "
              + PeerText.quote(operator)
              + " is not the sender's certificate code "
              + peer.code());
      return false;
    }
    return true;
  }

  // Refusals answer single requests and a peer can send many: not worth a WARN each. A one-way
  // body (batch_credit) is refused unanswered: it is never answered (§6.1, §7.5.6).
  private void refuse(Connection connection, Envelope request, ErrorCode code, String message) {
    LOG.debug(
        "{}: refusing message {} from {}: {}",
        self,
        request.getMessageId(),
        connection.peer(),
        message);
    if (!Bodies.isOneWay(request.getBodyCase())) {
      connection.replyError(request, code, message);
    }
  }

  /** The body's name as in the .proto: {@code identity_change_batch}. */
  static String bodyName(Envelope.BodyCase body) {
    return body.name().toLowerCase(Locale.ROOT);
  }

  private static boolean startsWithVowel(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0;
  }
}
