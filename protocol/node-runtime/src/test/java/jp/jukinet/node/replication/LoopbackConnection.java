package jp.jukinet.node.replication;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.RemoteErrorException;

/**
 * An in-memory connection pair for replication and relay tests (no Netty): each end has its own
 * single-threaded "event loop" on which its handler runs. One end can be told to drop the replies
 * it sends, to play a link that dies before acknowledgements get through.
 */
public final class LoopbackConnection implements Connection {
  private final PeerId self;
  private final PeerId peer;
  private final EnvelopeHandler handler;
  private final LinkListener links;
  private final ExecutorService loop;
  private final Map<Long, CompletableFuture<Envelope>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean active = new AtomicBoolean(true);
  volatile boolean dropReplies;

  /** What the node asked of {@link #pauseReading}, in order. */
  final List<Boolean> readingPaused = new CopyOnWriteArrayList<>();

  private LoopbackConnection other;

  @Override
  public Optional<X509Certificate> peerCertificate() {
    return Optional.empty(); // no TLS in memory
  }

  private LoopbackConnection(
      PeerId self, PeerId peer, EnvelopeHandler handler, LinkListener links) {
    this.self = self;
    this.peer = peer;
    this.handler = handler;
    this.links = links;
    this.loop =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "loop-" + self.name());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Returns {a, b}: a is a's end (peer b), b is b's end (peer a). a's listener hears of the link.
   */
  public static LoopbackConnection[] pair(
      PeerId a, EnvelopeHandler handlerA, LinkListener linksA, PeerId b, EnvelopeHandler handlerB) {
    LoopbackConnection ea = new LoopbackConnection(a, b, handlerA, linksA);
    LoopbackConnection eb = new LoopbackConnection(b, a, handlerB, LinkListener.NONE);
    ea.other = eb;
    eb.other = ea;
    ea.loop.execute(() -> linksA.onConnected(ea));
    return new LoopbackConnection[] {ea, eb};
  }

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
    return active.get();
  }

  @Override
  public void send(Envelope.Builder envelope) {
    if (!active.get()) {
      return;
    }
    Envelope e =
        envelope
            .setMessageId(ids.incrementAndGet())
            .setSender(self.toProto())
            .setSentAtMillis(System.currentTimeMillis())
            .build();
    other.deliver(e);
  }

  private void deliver(Envelope e) {
    if (!active.get()) {
      return;
    }
    try {
      loop.execute(() -> deliverNow(e));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closed meanwhile: the frame is lost, as on a real link
    }
  }

  private void deliverNow(Envelope e) {
    {
      if (!active.get()) {
        return;
      }
      if (e.getCorrelationId() != 0) {
        CompletableFuture<Envelope> f = pending.remove(e.getCorrelationId());
        if (f != null) {
          if (e.hasError()) {
            f.completeExceptionally(new RemoteErrorException(e.getError()));
          } else {
            f.complete(e);
          }
        }
        return;
      }
      handler.onEnvelope(this, e);
    }
  }

  @Override
  public CompletableFuture<Envelope> request(Envelope.Builder envelope, Duration timeout) {
    CompletableFuture<Envelope> f = new CompletableFuture<>();
    if (!active.get()) {
      f.completeExceptionally(new IOException("connection to " + peer + " is closed"));
      return f;
    }
    long id = ids.incrementAndGet();
    pending.put(id, f);
    other.deliver(
        envelope
            .setMessageId(id)
            .setSender(self.toProto())
            .setSentAtMillis(System.currentTimeMillis())
            .build());
    return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void reply(Envelope request, Envelope.Builder response) {
    if (dropReplies) {
      return;
    }
    send(response.setCorrelationId(request.getMessageId()));
  }

  @Override
  public void replyError(Envelope request, ErrorCode code, String message) {
    reply(
        request,
        Envelope.newBuilder()
            .setError(Error.newBuilder().setCode(code).setMessage(message).setDefinite(true)));
  }

  @Override
  public void pauseReading(boolean paused) {
    readingPaused.add(paused);
  }

  @Override
  public void close() {
    if (active.compareAndSet(true, false)) {
      pending
          .values()
          .forEach(
              f -> f.completeExceptionally(new IOException("connection to " + peer + " closed")));
      pending.clear();
      loop.execute(() -> links.onDisconnected(this));
      loop.shutdown();
      other.close();
    }
  }
}
