package jp.jukinet.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * Splits the byte stream into frame bodies (docs/protocol.md §3.1). Each header field is checked as
 * soon as its bytes are in: the magic after 2 bytes, the version after 3, the flags after 4, the
 * length against {@link WireLimits} after 8, all before any body byte is awaited. A peer speaking
 * another protocol is thus refused at once instead of being buffered up to the frame cap.
 *
 * <p>Emits each body as a retained slice (without the header). After the first error it discards
 * everything else it receives: the stream cannot be resynchronised, and the connection is being
 * closed by the error handler.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final WireLimits limits;
  private boolean failed;

  public FrameDecoder(WireLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int readable = in.readableBytes();
    int at = in.readerIndex();
    if (readable >= 2) {
      int magic = in.getUnsignedShort(at);
      if (magic != FrameHeader.MAGIC) {
        throw fail(
            ErrorCode.ERROR_CODE_BAD_MAGIC,
            String.format(
                "bad magic 0x%04X at the start of a frame (expected 0x%04X \"JK\")",
                magic, FrameHeader.MAGIC));
      }
    }
    if (readable >= 3) {
      int version = in.getUnsignedByte(at + 2);
      if (version != FrameHeader.CURRENT_VERSION) {
        throw fail(
            ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
            "unsupported frame version "
                + version
                + " (this node speaks version "
                + FrameHeader.CURRENT_VERSION
                + ")");
      }
    }
    if (readable >= 4) {
      int flags = in.getUnsignedByte(at + 3);
      if (flags != 0) {
        throw fail(
            ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
            String.format(
                "frame flags 0x%02X set; version 1 defines no flags and requires 0", flags));
      }
    }
    if (readable < FrameHeader.LENGTH) {
      return;
    }
    long bodyLength = in.getUnsignedInt(at + 4);
    if (bodyLength > limits.maxBodyBytes()) {
      throw fail(
          ErrorCode.ERROR_CODE_FRAME_TOO_LARGE,
          "frame body of "
              + bodyLength
              + " bytes exceeds the maximum of "
              + limits.maxBodyBytes()
              + " (max frame "
              + limits.maxFrameBytes()
              + " bytes incl. the 8-byte header)");
    }
    if (readable - FrameHeader.LENGTH < bodyLength) {
      return;
    }
    in.skipBytes(FrameHeader.LENGTH);
    out.add(in.readRetainedSlice((int) bodyLength));
  }

  /**
   * The connection ended (or its input was shut down) with a partial frame left over: only logged
   * and closed (docs/protocol.md §3.3), so this throws a {@link TruncatedFrameException}.
   */
  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    super.decodeLast(ctx, in, out);
    if (!failed && in.isReadable()) {
      int have = in.readableBytes();
      String what =
          have < FrameHeader.LENGTH
              ? have + " of the 8 header bytes"
              : (have - FrameHeader.LENGTH)
                  + " of "
                  + in.getUnsignedInt(in.readerIndex() + 4)
                  + " body bytes";
      in.skipBytes(have);
      failed = true;
      throw new TruncatedFrameException(
          "MALFORMED_FRAME: input ended in the middle of a frame after " + what);
    }
  }

  private ProtocolException fail(ErrorCode code, String message) {
    failed = true;
    return new ProtocolException(code, 0, true, message);
  }
}
