package jp.jukinet.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EnvelopeCodecTest {
  private static final WireLimits LIMITS = WireLimits.defaults();

  /**
   * One envelope per body case, found from the descriptor so that a new case cannot be forgotten.
   */
  static List<Envelope> oneOfEachBody() {
    OneofDescriptor body =
        Envelope.getDescriptor().getOneofs().stream()
            .filter(o -> o.getName().equals("body"))
            .findFirst()
            .orElseThrow();
    List<Envelope> all = new ArrayList<>();
    long id = 1;
    for (FieldDescriptor field : body.getFields()) {
      Envelope.Builder b =
          Envelope.newBuilder()
              .setMessageId(id++)
              .setCorrelationId(id * 7)
              .setSender(PeerId.cs("192015").toProto())
              .setSentAtMillis(1_700_000_000_000L + id)
              .setOperatorId("192015-01");
      b.setField(field, b.newBuilderForField(field).build());
      all.add(b.build());
    }
    return all;
  }

  @Test
  void everyBodyCaseRoundTrips() {
    List<Envelope> all = oneOfEachBody();
    // BodyCase has one value per oneof field plus BODY_NOT_SET.
    assertEquals(Envelope.BodyCase.values().length - 1, all.size());
    for (Envelope env : all) {
      ByteBuf frame = encode(env);
      assertEquals(
          FrameHeader.LENGTH + env.getSerializedSize(),
          frame.readableBytes(),
          env.getBodyCase().name());
      assertEquals(List.of(env), decode(frame), env.getBodyCase().name());
    }
  }

  @Test
  void framesSplitAtEveryByteAndBatchedTogetherDecode() {
    List<Envelope> all = oneOfEachBody();
    ByteBuf stream = Unpooled.buffer();
    for (Envelope env : all) {
      stream.writeBytes(encode(env));
    }
    EmbeddedChannel ch = decoderChannel();
    // One byte at a time: every header check must wait for its byte without failing.
    while (stream.isReadable()) {
      ch.writeInbound(stream.readRetainedSlice(1));
    }
    stream.release();
    List<Envelope> got = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      got.add((Envelope) o);
    }
    assertEquals(all, got);
    ch.finishAndReleaseAll();
  }

  @Test
  void headerIsBigEndianMagicVersionFlagsLength() {
    Envelope env = Envelope.newBuilder().setMessageId(5).build();
    ByteBuf frame = encode(env);
    byte[] body = env.toByteArray();
    assertEquals(0x4A, frame.getUnsignedByte(0)); // magic "J"
    assertEquals(0x4B, frame.getUnsignedByte(1)); // magic "K"
    assertEquals(1, frame.getUnsignedByte(2)); // version
    assertEquals(0, frame.getUnsignedByte(3)); // flags
    assertEquals(body.length, frame.getInt(4)); // body length, big-endian
    assertEquals(new FrameHeader(1, 0, body.length), FrameHeader.peek(frame));
    frame.release();
  }

  @Test
  void encoderRefusesAnEnvelopeLargerThanTheFrameCap() {
    WireLimits small = new WireLimits(1024);
    IdentityInfo big = IdentityInfo.newBuilder().setMunicipalityCode("x".repeat(2000)).build();
    Envelope env =
        Envelope.newBuilder()
            .setSingleProvisionResponse(SingleProvisionResponse.newBuilder().addMatches(big))
            .build();
    EmbeddedChannel ch = new EmbeddedChannel(new EnvelopeEncoder(small));
    EncoderException e = assertThrows(EncoderException.class, () -> ch.writeOutbound(env));
    assertTrue(
        e.getMessage().contains("exceeds the maximum frame body of 1016 bytes"), e.getMessage());
    assertNull(ch.readOutbound());
    assertTrue(ch.isOpen(), "an oversized send fails only that write");
  }

  @Test
  void limitsAndHeaderValidateOnConstruction() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new WireLimits(10));
    assertTrue(e.getMessage().contains("max frame bytes 10"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(256, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1, 0, -1));
  }

  static ByteBuf encode(Envelope env) {
    EmbeddedChannel ch = new EmbeddedChannel(new EnvelopeEncoder(LIMITS));
    assertTrue(ch.writeOutbound(env));
    ByteBuf out = ch.readOutbound();
    ch.finishAndReleaseAll();
    return out;
  }

  static EmbeddedChannel decoderChannel() {
    return new EmbeddedChannel(new FrameDecoder(LIMITS), new EnvelopeDecoder());
  }

  static List<Envelope> decode(ByteBuf frames) {
    EmbeddedChannel ch = decoderChannel();
    ch.writeInbound(frames);
    List<Envelope> got = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      got.add((Envelope) o);
    }
    ch.finishAndReleaseAll();
    return got;
  }
}
