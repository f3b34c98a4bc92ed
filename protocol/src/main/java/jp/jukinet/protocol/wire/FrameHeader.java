package jp.jukinet.protocol.wire;

import io.netty.buffer.ByteBuf;

/**
 * The fixed 8-byte frame header, big-endian (docs/protocol.md §3.1):
 *
 * <pre>
 *  0         8        16        24        32
 *  +---------+---------+---------+---------+
 *  |  magic 0x4A4B     | version |  flags  |
 *  +---------+---------+---------+---------+
 *  |            body length (u32)          |
 *  +---------+---------+---------+---------+
 * </pre>
 *
 * @param version protocol version, an unsigned byte
 * @param flags reserved, must be 0 in version 1
 * @param bodyLength length of the protobuf {@code Envelope} that follows, 0..2^32-1
 */
public record FrameHeader(int version, int flags, long bodyLength) {
  /** "JK". */
  public static final int MAGIC = 0x4A4B;

  public static final int CURRENT_VERSION = 1;
  public static final int LENGTH = 8;

  public FrameHeader {
    if (version < 0 || version > 0xFF) {
      throw new IllegalArgumentException("frame version " + version + " is not an unsigned byte");
    }
    if (flags < 0 || flags > 0xFF) {
      throw new IllegalArgumentException("frame flags " + flags + " are not an unsigned byte");
    }
    if (bodyLength < 0 || bodyLength > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "frame body length " + bodyLength + " is not an unsigned 32-bit integer");
    }
  }

  /** A version-1 header with no flags. */
  public static FrameHeader of(int bodyLength) {
    return new FrameHeader(CURRENT_VERSION, 0, bodyLength);
  }

  public void writeTo(ByteBuf out) {
    out.writeShort(MAGIC);
    out.writeByte(version);
    out.writeByte(flags);
    out.writeInt((int) bodyLength);
  }

  /** Reads a header at the reader index without validating it; the buffer must hold 8 bytes. */
  public static FrameHeader peek(ByteBuf in) {
    int at = in.readerIndex();
    return new FrameHeader(
        in.getUnsignedByte(at + 2), in.getUnsignedByte(at + 3), in.getUnsignedInt(at + 4));
  }
}
