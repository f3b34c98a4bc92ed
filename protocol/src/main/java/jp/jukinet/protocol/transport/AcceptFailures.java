package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a node's listening channel: a connection that cannot be accepted (most often because the
 * process has run out of file descriptors, EMFILE) is counted, logged at WARN naming the node at
 * most once a minute, and accepting pauses for a second instead of failing in a busy loop. The
 * client, whose connection the kernel completed, gets no TLS handshake and fails with its handshake
 * timeout.
 */
final class AcceptFailures extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptFailures.class);
  static final long PAUSE_MILLIS = 1_000;
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final PeerId self;
  private final AtomicLong count = new AtomicLong();
  private long lastLoggedNanos;
  private boolean logged;

  AcceptFailures(PeerId self) {
    this.self = self;
  }

  long count() {
    return count.get();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    long n = count.incrementAndGet();
    long now = System.nanoTime();
    if (!logged || now - lastLoggedNanos >= LOG_EVERY_NANOS) {
      logged = true;
      lastLoggedNanos = now;
      LOG.warn(
          "{}: cannot accept a connection on {}: {} ({} refused since start; accepting again in {} ms)",
          self.name(),
          ctx.channel().localAddress(),
          cause.toString(),
          n,
          PAUSE_MILLIS);
    }
    if (ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
      ctx.channel()
          .eventLoop()
          .schedule(
              () -> ctx.channel().config().setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
