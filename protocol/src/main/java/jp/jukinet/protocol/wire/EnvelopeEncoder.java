package jp.jukinet.protocol.wire;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.util.Objects;
import jp.jukinet.protocol.proto.Envelope;

/**
 * Writes an {@link Envelope} as header + body into one buffer sized exactly. An envelope larger
 * than the frame cap fails its write (the peer would refuse it anyway) and leaves the connection
 * alone. Raw {@link ByteBuf}s pass through untouched (and uncounted).
 */
public final class EnvelopeEncoder extends MessageToByteEncoder<Envelope> {
  private final WireLimits limits;
  private final FrameCounter counter;

  /** Counts nothing (a raw client). */
  public EnvelopeEncoder(WireLimits limits) {
    this(limits, FrameCounter.NONE);
  }

  /** Tells {@code counter} of every frame it writes. */
  public EnvelopeEncoder(WireLimits limits, FrameCounter counter) {
    super(Envelope.class);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Envelope msg, boolean preferDirect) {
    int size = FrameHeader.LENGTH + msg.getSerializedSize();
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Envelope msg, ByteBuf out) throws IOException {
    int bodyLength = msg.getSerializedSize();
    if (bodyLength > limits.maxBodyBytes()) {
      throw new EncoderException(
          "envelope of "
              + bodyLength
              + " bytes ("
              + msg.getBodyCase()
              + ") exceeds the maximum frame body of "
              + limits.maxBodyBytes()
              + " bytes");
    }
    FrameHeader.of(bodyLength).writeTo(out);
    out.ensureWritable(bodyLength);
    int start = out.writerIndex();
    CodedOutputStream cos = CodedOutputStream.newInstance(out.nioBuffer(start, bodyLength));
    msg.writeTo(cos);
    cos.flush();
    out.writerIndex(start + bodyLength);
    counter.sent(FrameHeader.LENGTH + bodyLength);
  }
}
