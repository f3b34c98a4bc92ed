package jp.jukinet.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer that does not read its answers (docs/protocol.md §6.5): while the channel is unwritable
 * (its queued bytes went above the high-water mark and not yet below the low one) the connection is
 * not read ({@link ReadValve}), so TCP pushes back on the peer; a connection unwritable for the
 * longest allowed time without interruption is closed as stuck.
 */
final class WritabilityGuard extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(WritabilityGuard.class);

  private final PeerId self;
  private final ConnectionHandler connection;
  private final Duration maxUnwritable;
  private ScheduledFuture<?> stuck;

  WritabilityGuard(PeerId self, ConnectionHandler connection, Duration maxUnwritable) {
    this.self = self;
    this.connection = connection;
    this.maxUnwritable = maxUnwritable;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    connection.readValve().writable(ch.isWritable());
    if (!ch.isWritable()) {
      if (stuck == null) {
        stuck =
            ctx.executor()
                .schedule(() -> closeStuck(ctx), maxUnwritable.toMillis(), TimeUnit.MILLISECONDS);
      }
    } else {
      cancel();
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void closeStuck(ChannelHandlerContext ctx) {
    stuck = null;
    if (ctx.channel().isWritable() || !ctx.channel().isActive()) {
      return;
    }
    LOG.warn(
        "{}: {} at {} has not read its answers for {} ms ({} bytes queued); closing the connection as stuck",
        self.name(),
        connection.peerName(),
        ctx.channel().remoteAddress(),
        maxUnwritable.toMillis(),
        connection.queuedBytes());
    ctx.close();
  }

  private void cancel() {
    if (stuck != null) {
      stuck.cancel(false);
      stuck = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }
}
