package jp.jukinet.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The business end of one channel and its {@link Connection}. Created with the pipeline (so Hello,
 * heartbeats and Error frames share its message ids) but added to the pipeline only once the Hello
 * exchange succeeded.
 *
 * <p>Flushing: writes made on the event loop while a read batch is being processed are flushed once
 * in {@code channelReadComplete}, so many responses share one TLS record and one syscall. Writes made
 * elsewhere (other threads, timers, another channel's read on the same loop) are queued and flushed by
 * one task per event-loop turn.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements Connection {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
  /** How often pending requests are checked for their deadline while any are pending. */
  static final long TIMEOUT_TICK_MILLIS = 20;

  private record Pending(CompletableFuture<Envelope> future, long deadlineNanos, Envelope.BodyCase body) {}

  private final PeerId self;
  private final NodeId selfProto;
  private final Channel channel;
  private final EnvelopeHandler handler;
  private final TransportSettings settings;
  private final AtomicLong nextMessageId = new AtomicLong(1);
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<Envelope> foreignWrites = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drainForeignWrites;
  private final Runnable flushTask = this::scheduledFlush;

  private volatile PeerId peer;
  private volatile boolean established;
  private ChannelHandlerContext ctx;
  // Event-loop confined:
  private boolean inReadBatch;
  private boolean flushScheduled;
  private boolean sweepScheduled;

  ConnectionHandler(PeerId self, Channel channel, EnvelopeHandler handler, TransportSettings settings) {
    this.self = Objects.requireNonNull(self, "self");
    this.selfProto = self.toProto();
    this.channel = Objects.requireNonNull(channel, "channel");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.settings = Objects.requireNonNull(settings, "settings");
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
    handler.onConnected(this);
  }

  boolean established() {
    return established;
  }

  SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  Channel channel() {
    return channel;
  }

  // ---- Connection ----

  @Override
  public PeerId peer() {
    return peer;
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
    CompletableFuture<Envelope> future = new CompletableFuture<>();
    Envelope env = stamp(envelope.setCorrelationId(0));
    long id = env.getMessageId();
    pending.put(id, new Pending(future, System.nanoTime() + timeout.toNanos(), env.getBodyCase()));
    // channelInactive may have swept the map just before the put: fail here then.
    if (!channel.isActive()) {
      failPending(id, new IOException(self.name() + ": connection to " + peer + " is closed"));
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

  // ---- writing and flushing ----

  private void write(Envelope env) {
    EventLoop loop = channel.eventLoop();
    if (loop.inEventLoop() && ctx != null) {
      writeNow(env);
      if (!inReadBatch) {
        scheduleFlush();
      }
    } else {
      foreignWrites.offer(env);
      if (drainScheduled.compareAndSet(false, true)) {
        loop.execute(drainTask);
      }
    }
  }

  private void writeNow(Envelope env) {
    ctx.write(env).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        onWriteFailed(env, f.cause());
      }
    });
    if (env.getCorrelationId() == 0 && pending.containsKey(env.getMessageId())) {
      ensureSweep();
    }
  }

  private void drainForeignWrites() {
    drainScheduled.set(false);
    Envelope env;
    while ((env = foreignWrites.poll()) != null) {
      writeNow(env);
    }
    ctx.flush();
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      channel.eventLoop().execute(flushTask);
    }
  }

  private void scheduledFlush() {
    flushScheduled = false;
    ctx.flush();
  }

  private void onWriteFailed(Envelope env, Throwable cause) {
    if (failPending(env.getMessageId(), cause)) {
      return;
    }
    if (channel.isActive()) {
      LOG.warn("{}: could not send {} (message id {}) to {}: {}", self.name(), env.getBodyCase(),
          env.getMessageId(), peer, cause.toString());
    } else {
      LOG.debug("{}: {} to {} not sent, connection closed", self.name(), env.getBodyCase(), peer);
    }
  }

  // ---- timeouts ----

  private void ensureSweep() {
    if (!sweepScheduled) {
      sweepScheduled = true;
      channel.eventLoop().schedule(this::sweep, TIMEOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void sweep() {
    sweepScheduled = false;
    long now = System.nanoTime();
    for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      Pending p = e.getValue();
      if (now - p.deadlineNanos() >= 0) {
        it.remove();
        p.future().completeExceptionally(new TimeoutException(self.name() + ": no response from " + peer + " to "
            + p.body() + " (message id " + e.getKey() + ") in time"));
      }
    }
    if (!pending.isEmpty() && channel.isActive()) {
      ensureSweep();
    }
  }

  private boolean failPending(long id, Throwable cause) {
    Pending p = pending.remove(id);
    if (p == null) {
      return false;
    }
    p.future().completeExceptionally(cause);
    return true;
  }

  // ---- inbound ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inReadBatch = true;
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
      Pending p = pending.remove(correlation);
      if (p != null) {
        if (env.hasError()) {
          p.future().completeExceptionally(new RemoteErrorException(env.getError()));
        } else {
          p.future().complete(env);
        }
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
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inReadBatch = false;
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    boolean wasEstablished = established;
    established = false;
    failAllPending();
    if (wasEstablished) {
      try {
        handler.onDisconnected(this);
      } catch (RuntimeException e) {
        LOG.warn("{}: onDisconnected for {} failed", self.name(), peer, e);
      }
    }
    ctx.fireChannelInactive();
  }

  /** Also called by the pipeline owner when the channel closes before this handler was added. */
  void failAllPending() {
    if (pending.isEmpty()) {
      return;
    }
    IOException closed = new IOException(self.name() + ": connection to " + peer + " closed before the response");
    for (Long id : pending.keySet()) {
      failPending(id, closed);
    }
  }
}
