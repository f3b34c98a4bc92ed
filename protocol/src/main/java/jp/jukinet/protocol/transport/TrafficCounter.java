package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.wire.FrameHeader;

/**
 * Counts the frames of one channel, in and out, just above the envelope codec: each {@link
 * Envelope} read or written is one frame of {@link FrameHeader#LENGTH} + its body's bytes. Updated
 * on the event loop, read from any thread ({@link #traffic()}).
 */
final class TrafficCounter extends ChannelDuplexHandler {
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Envelope e) {
      framesReceived.incrementAndGet();
      bytesReceived.addAndGet(FrameHeader.LENGTH + e.getSerializedSize());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof Envelope e) {
      framesSent.incrementAndGet();
      bytesSent.addAndGet(FrameHeader.LENGTH + e.getSerializedSize());
    }
    ctx.write(msg, promise);
  }

  LinkTraffic traffic() {
    return new LinkTraffic(
        framesSent.get(), bytesSent.get(), framesReceived.get(), bytesReceived.get());
  }
}
