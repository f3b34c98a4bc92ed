package jp.jukinet.protocol.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * Parses each frame body into an {@link Envelope} and does the receiver's duty of docs/protocol.md
 * §5.1 on it: its message id is at least 1 and greater than the previous frame's on this
 * connection. A body that is not an Envelope, or an id out of order, is MALFORMED_FRAME (fatal,
 * correlation id 0) before anything looks at the body; after that failure no later frame is passed
 * on. Counts each frame received ({@link FrameCounter}). One per channel.
 */
public final class EnvelopeDecoder extends ChannelInboundHandlerAdapter {
  private final FrameCounter counter;
  private long lastMessageId;
  private boolean failed;

  /** Counts nothing (a raw client). */
  public EnvelopeDecoder() {
    this(FrameCounter.NONE);
  }

  public EnvelopeDecoder(FrameCounter counter) {
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf body)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Envelope env;
    try {
      if (failed) {
        return; // the connection is being closed for a fatal error
      }
      counter.received(FrameHeader.LENGTH + body.readableBytes());
      env = parse(body);
    } finally {
      body.release();
    }
    long id = env.getMessageId();
    if (id == 0 || Long.compareUnsigned(id, lastMessageId) <= 0) {
      failed = true;
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_MALFORMED_FRAME,
          0,
          true,
          id == 0
              ? "message id 0 (" + env.getBodyCase() + "): message ids start at 1"
              : "message id "
                  + Long.toUnsignedString(id)
                  + " ("
                  + env.getBodyCase()
                  + ") is not greater than the previous frame's "
                  + Long.toUnsignedString(lastMessageId));
    }
    lastMessageId = id;
    ctx.fireChannelRead(env);
  }

  private Envelope parse(ByteBuf body) {
    try {
      if (body.nioBufferCount() == 1) {
        // Avoids a copy: protobuf reads heap and direct ByteBuffers alike.
        return Envelope.parseFrom(body.nioBuffer());
      }
      return Envelope.parseFrom(ByteBufUtil.getBytes(body));
    } catch (InvalidProtocolBufferException e) {
      failed = true;
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_MALFORMED_FRAME,
          0,
          true,
          "frame body of "
              + body.readableBytes()
              + " bytes is not a valid Envelope: "
              + e.getMessage());
    }
  }
}
