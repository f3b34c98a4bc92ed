package jp.jukinet.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Envelope.BodyCase;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeId;
import jp.jukinet.protocol.wire.Bodies;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.PeerText;
import jp.jukinet.protocol.wire.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business end of one channel and its {@link Connection} (docs/protocol.md §6): numbers every
 * frame as it is written, on the event loop, so message ids grow in write order (§5.1); matches
 * responses to its {@link PendingRequests} and drops, counts and never answers the rest (§6.4);
 * tells its {@link ReadValve} how many requests are in flight, so that reading pauses at {@link
 * ConnectionLimits#maxInFlight()} (§6.5); hands admitted requests to the node's {@link
 * EnvelopeHandler}; and tells the {@link LinkListener} when the link comes and goes. Created with
 * the pipeline (so Hello, heartbeats and Error frames share its message ids) but added to the
 * pipeline only once the Hello exchange succeeded. It coalesces its own flushes: answers and
 * requests written while a read batch is handled go out in one flush at its end, others in one per
 * event-loop task.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements Connection {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
  private static final int MAX_WRITES_PER_DRAIN = 1024;

  /** Writes made during one read batch before one flush is let through regardless. */
  static final int FLUSH_AFTER_WRITES = 256;

  private final PeerId self;
  private final NodeId selfProto;
  private final Channel channel;
  private final EnvelopeHandler handler;
  private final LinkListener links;
  private final TransportSettings settings;
  private final TransportCounters counters;
  private final long maxBodyBytes;
  private final PendingRequests pending;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final WarnLimiter warnings = new WarnLimiter();
  private final TrafficCounter traffic = new TrafficCounter();
  private final ReadValve readValve;
  private final Queue<ForeignWrite> foreignWrites = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainForeignWrites = this::drainForeignWrites;

  // Event loop only:
  private long lastMessageId;

  /** Requests read and admitted, not yet answered: message id → body. */
  private final LongObjectMap<BodyCase> inFlight = new LongObjectHashMap<>();

  /**
   * Requests read while reading was paused (the rest of the read that paused it): at most one
   * socket read's worth.
   */
  private final ArrayDeque<Envelope> held = new ArrayDeque<>();

  private boolean drainingHeld;

  // Flushing (event loop only): writes made while a read batch is handled go out in one flush at
  // its end; other writes on the loop share one flush per event-loop task.
  private boolean inReadBatch;
  private int unflushedInRead;
  private boolean flushScheduled;
  private final Runnable scheduledFlush = this::scheduledFlush;

  private volatile PeerId peer;
  private volatile boolean established;

  ConnectionHandler(
      PeerId self,
      Channel channel,
      EnvelopeHandler handler,
      LinkListener links,
      TransportSettings settings,
      TransportCounters counters) {
    this.self = Objects.requireNonNull(self, "self");
    this.selfProto = self.toProto();
    this.channel = Objects.requireNonNull(channel, "channel");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.links = Objects.requireNonNull(links, "links");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.maxBodyBytes = settings.wireLimits().maxBodyBytes();
    this.pending = new PendingRequests(this, channel);
    this.readValve =
        new ReadValve(
            channel,
            settings.limits().maxInFlight(),
            counters.readsPausedAdder(),
            this::handleHeld);
  }

  /** Whether the connection is read: the one place that decides it. */
  ReadValve readValve() {
    return readValve;
  }

  /**
   * Numbers, stamps and writes one frame; on the event loop only, so that the numbering follows the
   * order frames are written (§5.1).
   */
  ChannelFuture writeFrame(Envelope.Builder b) {
    return channel.writeAndFlush(prepare(b));
  }

  /**
   * Stamps a frame about to be written. An answer takes its request out of the in-flight set, and
   * one too large for a frame is replaced by the Error §6.1 names.
   */
  private Envelope prepare(Envelope.Builder b) {
    assert channel.eventLoop().inEventLoop();
    long correlation = b.getCorrelationId();
    BodyCase answered = correlation != 0 ? inFlight.remove(correlation) : null;
    if (answered != null) {
      readValve.inFlight(inFlight.size());
    }
    Envelope env = stamp(b);
    long maxBody = maxBodyBytes;
    if (correlation == 0 || env.hasError() || env.getSerializedSize() <= maxBody) {
      return env;
    }
    ErrorCode code =
        answered != null && Bodies.isRead(answered)
            ? ErrorCode.ERROR_CODE_INVALID_REQUEST
            : ErrorCode.ERROR_CODE_INTERNAL;
    LOG.warn(
        "{}: the {} answering message {} of {} is {} bytes, over the maximum frame body of {}; sending {}",
        self.name(),
        env.getBodyCase(),
        correlation,
        peerName(),
        env.getSerializedSize(),
        maxBody,
        ErrorCodes.shortName(code));
    return stamp(
        Envelope.newBuilder()
            .setCorrelationId(correlation)
            .setError(
                ErrorCodes.error(
                    code,
                    "response of "
                        + env.getSerializedSize()
                        + " bytes exceeds the maximum frame body of "
                        + maxBody
                        + " bytes")));
  }

  private Envelope stamp(Envelope.Builder b) {
    return b.setMessageId(++lastMessageId)
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

  /** The peer's name once its Hello was accepted (also after the close), for logs. */
  String peerName() {
    PeerId p = peer;
    return p != null ? p.name() : "an unauthenticated peer";
  }

  @Override
  public boolean mayWarn() {
    return warnings.mayWarn();
  }

  @Override
  public LinkTraffic traffic() {
    return traffic.traffic();
  }

  /** This connection's frame counts, kept by its codec. */
  TrafficCounter trafficCounter() {
    return traffic;
  }

  /** Completes once the channel closed and the {@link LinkListener} heard of it. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  /** Bytes queued on the channel but not yet written to the socket. */
  long queuedBytes() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
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
    if (channel.eventLoop().inEventLoop()) {
      write(envelope, true);
      return;
    }
    Envelope composed = envelope.build();
    onLoop(
        () -> write(composed.toBuilder(), false),
        () ->
            LOG.debug(
                "{}: {} to {} not sent, the transport is stopping",
                self.name(),
                composed.getBodyCase(),
                peer));
  }

  @Override
  public CompletableFuture<Envelope> request(Envelope.Builder envelope, Duration timeout) {
    CompletableFuture<Envelope> future = new CompletableFuture<>();
    envelope.setCorrelationId(0);
    if (channel.eventLoop().inEventLoop()) {
      writeRequest(envelope, timeout, future, true);
    } else {
      Envelope composed = envelope.build();
      onLoop(
          () -> writeRequest(composed.toBuilder(), timeout, future, false),
          () -> future.completeExceptionally(closedException()));
    }
    return future;
  }

  @Override
  public void reply(Envelope request, Envelope.Builder response) {
    send(response.setCorrelationId(request.getMessageId()));
  }

  @Override
  public void replyError(Envelope request, ErrorCode code, String message) {
    send(
        Envelope.newBuilder()
            .setCorrelationId(request.getMessageId())
            .setError(ErrorCodes.error(code, message)));
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public void pauseReading(boolean paused) {
    onLoop(() -> readValve.hold(paused), () -> {});
  }

  @Override
  public String toString() {
    return self.name() + "<->" + peer + "@" + channel.remoteAddress();
  }

  /**
   * Queues a write from another thread. The writes queued meanwhile run in one event-loop task and
   * share one flush: at a CS every operator's answer comes from a commit-completion thread, and a
   * task and a flush each per answer cost the event loop more than the answer itself.
   */
  private void onLoop(Runnable write, Runnable rejected) {
    foreignWrites.add(new ForeignWrite(write, rejected));
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(drainForeignWrites);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        for (ForeignWrite w; (w = foreignWrites.poll()) != null; ) {
          w.rejected().run();
        }
      }
    }
  }

  private void drainForeignWrites() {
    drainScheduled.set(false);
    int n = 0;
    for (ForeignWrite w; (w = foreignWrites.poll()) != null; ) {
      w.write().run();
      if (++n == MAX_WRITES_PER_DRAIN && !foreignWrites.isEmpty()) {
        // Let the loop read and run its other tasks too; the rest go in a task of their own.
        scheduleDrain();
        break;
      }
    }
    channel.flush();
  }

  /** A write handed to the event loop, and what to do if the loop no longer runs tasks. */
  private record ForeignWrite(Runnable write, Runnable rejected) {}

  private IOException closedException() {
    return new IOException(self.name() + ": connection to " + peer + " is closed");
  }

  private void writeRequest(
      Envelope.Builder envelope,
      Duration timeout,
      CompletableFuture<Envelope> future,
      boolean flush) {
    if (!channel.isActive()) {
      // channelInactive has failed the pending requests already: nothing would fail this one.
      future.completeExceptionally(closedException());
      return;
    }
    Envelope request = prepare(envelope);
    if (request.getSerializedSize() > maxBodyBytes) {
      // Refused here, before it is pending: the encoder would fail the write for the same reason.
      future.completeExceptionally(
          new IOException(
              self.name()
                  + ": "
                  + request.getBodyCase()
                  + " of "
                  + request.getSerializedSize()
                  + " bytes exceeds the maximum frame body of "
                  + maxBodyBytes
                  + " bytes; not sent"));
      return;
    }
    pending.add(request, timeout, future);
    // No listener: a write that fails past the size check fails for the connection (TLS or
    // socket), which closes, and closing fails every pending request.
    channel.write(request);
    if (flush) {
      flushSoon();
    }
  }

  /** Writes one frame; without {@code flush} the caller flushes (after a batch of writes). */
  private void write(Envelope.Builder envelope, boolean flush) {
    Envelope env = prepare(envelope);
    if (env.getSerializedSize() > maxBodyBytes) {
      // An answer that large was replaced by an Error already (prepare); this is a one-way frame.
      LOG.warn(
          "{}: not sending {} to {}: its {} bytes exceed the maximum frame body of {}",
          self.name(),
          env.getBodyCase(),
          peerName(),
          env.getSerializedSize(),
          maxBodyBytes);
      return;
    }
    // No listener: past the size check only the connection (TLS or socket) fails a write, and
    // the connection then closes; a listener per frame costs more than its pipeline steps.
    channel.write(env);
    if (flush) {
      flushSoon();
    }
  }

  /**
   * Flushes at the end of the read batch being handled, or else once the current event-loop task is
   * done: many frames then share a TLS record and a syscall.
   */
  private void flushSoon() {
    if (inReadBatch) {
      if (++unflushedInRead >= FLUSH_AFTER_WRITES) {
        unflushedInRead = 0;
        channel.flush();
      }
      return;
    }
    if (!flushScheduled) {
      flushScheduled = true;
      channel.eventLoop().execute(scheduledFlush);
    }
  }

  private void scheduledFlush() {
    flushScheduled = false;
    channel.flush();
  }

  // ---- inbound (docs/protocol.md §6.6, steps 4 to 10; framing, message ids and the Hello gate
  // come before) ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inReadBatch = true;
    Envelope env = (Envelope) msg;
    BodyCase body = env.getBodyCase();
    if (body == BodyCase.HEARTBEAT) {
      return; // its arrival already reset the read-idle timer
    }
    // A non-zero correlation id makes any frame an answer (§6.4), a Hello too: never answered.
    if (env.getCorrelationId() != 0) {
      if (!pending.complete(env)) {
        dropUnmatched(env, "matches no pending request");
      }
      return;
    }
    if (body == BodyCase.HELLO) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          env.getMessageId(),
          false,
          "Hello on a connection whose Hello was already accepted");
    }
    if (body == BodyCase.ERROR) {
      counters.responseUnmatched();
      InputWarnings.warn(
          LOG,
          this,
          "{}: {} reports {} about the connection: {}",
          self.name(),
          peer,
          ErrorCodes.shortName(env.getError().getCode()),
          PeerText.quoteMessage(env.getError().getMessage()));
      return;
    }
    if (Bodies.isResponse(body)) {
      dropUnmatched(env, "is a response body with correlation id 0");
      return;
    }
    if (body == BodyCase.BODY_NOT_SET) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_UNKNOWN_BODY,
          env.getMessageId(),
          false,
          "message "
              + env.getMessageId()
              + " has no body this node knows ("
              + env.getUnknownFields().asMap().size()
              + " unknown fields)");
    }
    if (!held.isEmpty() || readValve.paused()) {
      held.add(env); // read with the batch that paused reading: handled, in order, on resuming
      return;
    }
    handle(env);
  }

  /**
   * Hands the requests held while reading was paused to the node, in order, while reading stays
   * resumed; the {@link ReadValve} calls it before reading the socket again.
   */
  void handleHeld() {
    if (drainingHeld) {
      return; // an answer written while handing over resumed reading again: the loop below goes on
    }
    drainingHeld = true;
    try {
      Envelope env;
      while (!readValve.paused() && (env = held.poll()) != null) {
        handle(env);
      }
    } finally {
      drainingHeld = false;
    }
  }

  /** Whether requests read earlier still wait to be handled. */
  boolean holding() {
    return !held.isEmpty();
  }

  private void handle(Envelope env) {
    BodyCase body = env.getBodyCase();
    if (!admit(env)) {
      return;
    }
    try {
      handler.onEnvelope(this, env);
    } catch (ProtocolException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw e; // the node exits (ExitOnOutOfMemoryError) rather than linger half-alive
    } catch (Throwable e) {
      // A bug in one request's handling must cost neither the peer its connection nor the loop its
      // life.
      LOG.warn(
          "{}: handling {} (message id {}) from {} failed",
          self.name(),
          body,
          env.getMessageId(),
          peer,
          e);
      replyError(
          env,
          ErrorCode.ERROR_CODE_INTERNAL,
          "handling " + body + " failed: " + e.getClass().getName());
    }
  }

  /**
   * The in-flight bound and the writability rule of §6.5; a refused request is answered OVERLOADED.
   */
  private boolean admit(Envelope request) {
    if (Bodies.isOneWay(request.getBodyCase())) {
      return true; // never answered, so never in flight (§6.5)
    }
    int bound = settings.limits().maxInFlight();
    String reason =
        inFlight.size() >= bound
            ? bound + " requests of this connection are already in flight"
            : !channel.isWritable()
                ? "the connection is not reading while " + queuedBytes() + " bytes of answers wait"
                : null;
    if (reason == null) {
      inFlight.put(request.getMessageId(), request.getBodyCase());
      readValve.inFlight(inFlight.size());
      return true;
    }
    counters.requestOverloaded();
    InputWarnings.warn(
        LOG,
        this,
        "{}: answering {} (message id {}) from {} OVERLOADED: {}",
        self.name(),
        request.getBodyCase(),
        request.getMessageId(),
        peer,
        reason);
    writeFrame(
        Envelope.newBuilder()
            .setCorrelationId(request.getMessageId())
            .setError(
                ErrorCodes.error(
                    ErrorCode.ERROR_CODE_OVERLOADED,
                    self.name()
                        + " refused "
                        + request.getBodyCase()
                        + ": "
                        + reason
                        + "; retry later")));
    return false;
  }

  private void dropUnmatched(Envelope env, String why) {
    counters.responseUnmatched();
    String error =
        env.hasError()
            ? " ("
                + ErrorCodes.shortName(env.getError().getCode())
                + " "
                + PeerText.quoteMessage(env.getError().getMessage())
                + ")"
            : "";
    InputWarnings.warn(
        LOG,
        this,
        "{}: dropped {}{} from {} with correlation id {}: it {}",
        self.name(),
        env.getBodyCase(),
        error,
        peer,
        Long.toUnsignedString(env.getCorrelationId()),
        why);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inReadBatch = false;
    if (unflushedInRead > 0) {
      unflushedInRead = 0;
      channel.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    boolean wasEstablished = established;
    established = false;
    pending.failAll();
    inFlight.clear();
    held.clear();
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
