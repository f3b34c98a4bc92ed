package jp.jukinet.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.wire.EnvelopeDecoder;
import jp.jukinet.protocol.wire.EnvelopeEncoder;
import jp.jukinet.protocol.wire.FrameDecoder;
import jp.jukinet.protocol.wire.WireLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile frames against the server pipeline (without TLS): each is refused with the right Error
 * frame, the connection is closed, and nothing after the bad bytes is decoded.
 */
@Timeout(30)
class ProtocolErrorTest {
  private static final PeerId SELF = PeerId.prefecture("190004");
  private static final int MAX_FRAME = 1024;

  private final List<Envelope> delivered = new ArrayList<>();

  /** The server pipeline minus ssl, idle and heartbeat: codec → hello → error. */
  private EmbeddedChannel serverPipeline() {
    EmbeddedChannel ch = new EmbeddedChannel();
    TransportSettings settings = TransportSettings.defaults().withMaxFrameBytes(MAX_FRAME);
    ConnectionHandler connection = new ConnectionHandler(SELF, ch, (c, env) -> delivered.add(env), LinkListener.NONE,
        settings);
    WireLimits limits = settings.wireLimits();
    ch.pipeline().addLast(PipelineConfigurator.FRAME_DECODER, new FrameDecoder(limits));
    ch.pipeline().addLast(PipelineConfigurator.ENVELOPE_DECODER, EnvelopeDecoder.INSTANCE);
    ch.pipeline().addLast(PipelineConfigurator.ENVELOPE_ENCODER, new EnvelopeEncoder(limits));
    ch.pipeline().addLast(PipelineConfigurator.HELLO, new HelloHandler(SELF, connection));
    ch.pipeline().addLast(PipelineConfigurator.ERROR, new ErrorHandler(SELF, connection));
    return ch;
  }

  private static ByteBuf bytes(int... b) {
    ByteBuf buf = Unpooled.buffer(b.length);
    for (int x : b) {
      buf.writeByte(x);
    }
    return buf;
  }

  /** The single Error frame the server wrote back; the connection must be closed after it. */
  private static jp.jukinet.protocol.proto.Error refusal(EmbeddedChannel ch, ErrorCode expected, String fragment) {
    ByteBuf out = ch.readOutbound();
    assertTrue(out != null, "an Error frame was written");
    EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(WireLimits.defaults()), EnvelopeDecoder.INSTANCE);
    decoder.writeInbound(out);
    Envelope env = decoder.readInbound();
    assertNull(decoder.readInbound(), "exactly one frame");
    assertTrue(env.hasError(), "the reply is an Error: " + env);
    assertEquals(SELF.toProto(), env.getSender());
    assertEquals(expected, env.getError().getCode());
    assertTrue(env.getError().getDefinite(), "protocol refusals are definite");
    assertTrue(env.getError().getMessage().contains(fragment), env.getError().getMessage());
    assertNull(ch.readOutbound(), "no second Error frame");
    assertFalse(ch.isOpen(), "a fatal error closes the connection");
    return env.getError();
  }

  @Test
  void badMagicIsRefusedAfterTwoBytes() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x47, 0x45)); // magic: "GE" of an HTTP "GET", not "JK"
    refusal(ch, ErrorCode.ERROR_CODE_BAD_MAGIC, "bad magic 0x4745");
  }

  @Test
  void unsupportedVersionIsRefusedAfterThreeBytes() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x02)); // version 2: not yet spoken
    refusal(ch, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "unsupported frame version 2");
  }

  @Test
  void nonZeroFlagsAreRefused() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x01, // version 1
        0x80)); // flags: reserved, must be 0
    refusal(ch, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "frame flags 0x80");
  }

  @Test
  void oversizedLengthIsRefusedBeforeTheBodyArrives() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x01, // version 1
        0x00, // flags
        0x00, 0x00, 0x07, 0xD0)); // body length 2000 > 1024 - 8; no body follows
    refusal(ch, ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, "frame body of 2000 bytes exceeds the maximum of 1016");
  }

  @Test
  void lengthAtTheTopOfTheUnsignedRangeIsTooLargeNotNegative() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x01, // version 1
        0x00, // flags
        0xFF, 0xFF, 0xFF, 0xFF)); // body length 4294967295 (u32, not -1)
    refusal(ch, ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, "4294967295 bytes");
  }

  @Test
  void truncatedFrameIsRefusedWhenTheInputEnds() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x01, // version 1
        0x00, // flags
        0x00, 0x00, 0x00, 0x0A, // body length 10
        0x08, 0x01, 0x10)); // 3 of the 10 body bytes
    assertNull(ch.readOutbound(), "a partial frame is awaited, not refused");
    // The peer shuts its output down mid-frame (a half-close keeps ours open for the Error).
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    refusal(ch, ErrorCode.ERROR_CODE_MALFORMED_FRAME, "input ended in the middle of a frame after 3 of 10 body bytes");
  }

  @Test
  void garbageBodyIsMalformed() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x01, // version 1
        0x00, // flags
        0x00, 0x00, 0x00, 0x03, // body length 3
        0xFF, 0xFF, 0xFF)); // body: a varint tag that never ends, not an Envelope
    refusal(ch, ErrorCode.ERROR_CODE_MALFORMED_FRAME, "not a valid Envelope");
  }

  @Test
  void frameBeforeHelloIsRefusedWithItsMessageIdAsCorrelation() {
    EmbeddedChannel ch = serverPipeline();
    Envelope heartbeat = Envelope.newBuilder().setMessageId(42)
        .setHeartbeat(jp.jukinet.protocol.proto.Heartbeat.getDefaultInstance()).build();
    ByteBuf frame = Unpooled.buffer();
    frame.writeBytes(new byte[] {
        0x4A, 0x4B, // magic "JK"
        0x01, // version 1
        0x00}); // flags
    frame.writeInt(heartbeat.getSerializedSize()); // body length
    frame.writeBytes(heartbeat.toByteArray()); // body: a Heartbeat with message_id 42
    ch.writeInbound(frame);
    ByteBuf out = ch.readOutbound();
    EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(WireLimits.defaults()), EnvelopeDecoder.INSTANCE);
    decoder.writeInbound(out);
    Envelope error = decoder.readInbound();
    assertEquals(ErrorCode.ERROR_CODE_HELLO_REQUIRED, error.getError().getCode());
    assertEquals(42, error.getCorrelationId());
    assertFalse(ch.isOpen());
    assertTrue(delivered.isEmpty(), "nothing reaches the business handler");
  }

  @Test
  void bytesAfterABadHeaderAreNotDecoded() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(bytes(
        0x4A, 0x4B, // magic "JK"
        0x09, // version 9: refused here …
        0x00, 0x00, 0x00, 0x00, 0x00, // … so the rest of this header is never read
        0x4A, 0x4B, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00)); // a valid empty frame after it
    refusal(ch, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "version 9");
    assertTrue(delivered.isEmpty());
  }
}
