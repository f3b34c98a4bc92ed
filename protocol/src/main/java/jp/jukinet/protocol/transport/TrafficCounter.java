package jp.jukinet.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.wire.FrameHeader;

/**
 * Counts the frames of one channel, in and out, between the frame decoder and the envelope codec:
 * inbound, each message is one frame's body (its {@link FrameHeader#LENGTH} header read already);
 * outbound, each is one whole frame as {@code EnvelopeEncoder} wrote it. Counting bytes there, not
 * as envelopes above the codec, costs nothing per frame: a parsed message's size is not memoised,
 * and computing it walked every string of every change received. Updated on the event loop, read
 * from any thread ({@link #traffic()}).
 */
final class TrafficCounter extends ChannelDuplexHandler {
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf body) {
      framesReceived.incrementAndGet();
      bytesReceived.addAndGet(FrameHeader.LENGTH + body.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf frame) {
      framesSent.incrementAndGet();
      bytesSent.addAndGet(frame.readableBytes());
    }
    ctx.write(msg, promise);
  }

  LinkTraffic traffic() {
    return new LinkTraffic(
        framesSent.get(), bytesSent.get(), framesReceived.get(), bytesReceived.get());
  }
}
