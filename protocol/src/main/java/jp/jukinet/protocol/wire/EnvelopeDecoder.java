package jp.jukinet.protocol.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * Parses one frame body into an {@link Envelope}; a body that is not one is MALFORMED_FRAME.
 * Stateless.
 */
@ChannelHandler.Sharable
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {
  public static final EnvelopeDecoder INSTANCE = new EnvelopeDecoder();

  private EnvelopeDecoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
    try {
      out.add(parse(body));
    } catch (InvalidProtocolBufferException e) {
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

  static Envelope parse(ByteBuf body) throws InvalidProtocolBufferException {
    if (body.nioBufferCount() == 1) {
      // Avoids a copy: protobuf reads heap and direct ByteBuffers alike.
      return Envelope.parseFrom(body.nioBuffer());
    }
    return Envelope.parseFrom(ByteBufUtil.getBytes(body));
  }
}
