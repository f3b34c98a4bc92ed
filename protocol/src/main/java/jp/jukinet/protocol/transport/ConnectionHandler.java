package jp.jukinet.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeId;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business end of one channel and its {@link Connection}: stamps what it sends, hands responses
 * to its {@link PendingRequests} and every other frame to the node's {@link EnvelopeHandler}, and
 * tells the {@link LinkListener} when the link comes and goes. Created with the pipeline (so Hello,
 * heartbeats and Error frames share its message ids) but added to the pipeline only once the Hello
 * exchange succeeded. Flushes are coalesced by the pipeline's flush-consolidation handler.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements Connection {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final PeerId self;
  private final NodeId selfProto;
  private final Channel channel;
  private final EnvelopeHandler handler;
  private final LinkListener links;
  private final TransportSettings settings;
  private final AtomicLong nextMessageId = new AtomicLong(1);
  private final PendingRequests pending;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private volatile PeerId peer;
  private volatile boolean established;

  ConnectionHandler(PeerId self, Channel channel, EnvelopeHandler handler, LinkListener links,
      TransportSettings settings) {
    this.self = Objects.requireNonNull(self, "self");
    this.selfProto = self.toProto();
    this.channel = Objects.requireNonNull(channel, "channel");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.links = Objects.requireNonNull(links, "links");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pending = new PendingRequests(this, channel);
  }

  /** Fills message id, sender and sent-at. */
  Envelope stamp(Envelope.Builder b) {
    return b.setMessageId(nextMessageId.getAndIncrement())
        .setSender(selfProto)
        .setSentAtMillis(settings.clock().millis())
        .build();
  }

  long nowMillis() {
    return settings.clock().millis();
  }

  /** Called by the Hello handlers once this handler is in the pipeline. */
  void activate(PeerId verifiedPeer) {
    this.peer = verifiedPeer;
    this.established = true;
    links.onConnected(this);
  }

  boolean established() {
    return established;
  }

  /** Completes once the channel closed and the {@link LinkListener} heard of it. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  // ---- Connection ----

  @Override
  public PeerId peer() {
    return peer;
  }

  @Override
  public Optional<X509Certificate> peerCertificate() {
    return PeerCertificate.certificate(channel.pipeline());
  }

  @Override
  public PeerId self() {
    return self;
  }

  @Override
  public boolean isActive() {
    return established && channel.isActive();
  }

  @Override
  public void send(Envelope.Builder envelope) {
    write(stamp(envelope));
  }

  @Override
  public CompletableFuture<Envelope> request(Envelope.Builder envelope, Duration timeout) {
    Envelope env = stamp(envelope.setCorrelationId(0));
    CompletableFuture<Envelope> future = pending.add(env, timeout);
    // channelInactive may have failed the pending requests just before the add: fail here then.
    if (!channel.isActive()) {
      pending.fail(env.getMessageId(), new IOException(self.name() + ": connection to " + peer + " is closed"));
      return future;
    }
    write(env);
    return future;
  }

  @Override
  public void reply(Envelope request, Envelope.Builder response) {
    send(response.setCorrelationId(request.getMessageId()));
  }

  @Override
  public void replyError(Envelope request, ErrorCode code, String message) {
    send(Envelope.newBuilder().setCorrelationId(request.getMessageId()).setError(ErrorCodes.error(code, message)));
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public String toString() {
    return self.name() + "<->" + peer + "@" + channel.remoteAddress();
  }

  private void write(Envelope env) {
    channel.writeAndFlush(env).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        onWriteFailed(env, f.cause());
      }
    });
  }

  private void onWriteFailed(Envelope env, Throwable cause) {
    if (pending.fail(env.getMessageId(), cause)) {
      return;
    }
    if (channel.isActive()) {
      LOG.warn("{}: could not send {} (message id {}) to {}: {}", self.name(), env.getBodyCase(),
          env.getMessageId(), peer, cause.toString());
    } else {
      LOG.debug("{}: {} to {} not sent, connection closed", self.name(), env.getBodyCase(), peer);
    }
  }

  // ---- inbound ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Envelope env = (Envelope) msg;
    switch (env.getBodyCase()) {
      case HEARTBEAT:
        return; // its arrival already reset the read-idle timer
      case HELLO:
      case HELLO_ACCEPTED:
        throw new ProtocolException(ErrorCode.ERROR_CODE_INVALID_REQUEST, env.getMessageId(), false,
            env.getBodyCase() + " on a connection whose Hello was already accepted");
      default:
        break;
    }
    long correlation = env.getCorrelationId();
    if (correlation != 0) {
      if (pending.complete(env)) {
        return;
      }
      // Not awaited (answers a send(), or came after its timeout): the handler decides.
    } else if (env.hasError()) {
      LOG.warn("{}: {} reports {}: {}", self.name(), peer, ErrorCodes.shortName(env.getError().getCode()),
          env.getError().getMessage());
      return;
    }
    if (env.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
      throw new ProtocolException(ErrorCode.ERROR_CODE_UNKNOWN_BODY, env.getMessageId(), false,
          "message " + env.getMessageId() + " has no body this node knows (unknown fields: "
              + env.getUnknownFields().asMap().keySet() + ")");
    }
    try {
      handler.onEnvelope(this, env);
    } catch (ProtocolException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug in one request's handling must not cost the peer its connection.
      LOG.warn("{}: handling {} (message id {}) from {} failed", self.name(), env.getBodyCase(), env.getMessageId(),
          peer, e);
      if (correlation == 0) {
        replyError(env, ErrorCode.ERROR_CODE_INTERNAL, "handling " + env.getBodyCase() + " failed: " + e);
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    boolean wasEstablished = established;
    established = false;
    pending.failAll();
    if (wasEstablished) {
      try {
        links.onDisconnected(this);
      } catch (RuntimeException e) {
        LOG.warn("{}: onDisconnected for {} failed", self.name(), peer, e);
      }
    }
    closed.complete(null);
    ctx.fireChannelInactive();
  }
}
