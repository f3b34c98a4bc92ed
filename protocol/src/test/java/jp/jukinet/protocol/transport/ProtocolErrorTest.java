package jp.jukinet.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.testing.LogCapture;
import jp.jukinet.protocol.wire.EnvelopeDecoder;
import jp.jukinet.protocol.wire.EnvelopeEncoder;
import jp.jukinet.protocol.wire.ErrorCodes;
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

  /**
   * The server pipeline minus ssl, idle, heartbeat and writability: codec (with the message-id
   * check) → hello → error.
   */
  private EmbeddedChannel serverPipeline() {
    EmbeddedChannel ch = new EmbeddedChannel();
    TransportSettings settings = TransportSettings.defaults().withMaxFrameBytes(MAX_FRAME);
    ConnectionHandler connection =
        new ConnectionHandler(
            SELF,
            ch,
            (c, env) -> delivered.add(env),
            LinkListener.NONE,
            settings,
            new TransportCounters());
    WireLimits limits = settings.wireLimits();
    ch.pipeline().addLast(PipelineConfigurator.FRAME_DECODER, new FrameDecoder(limits));
    ch.pipeline().addLast(PipelineConfigurator.ENVELOPE_DECODER, new EnvelopeDecoder());
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
  private static jp.jukinet.protocol.proto.Error refusal(
      EmbeddedChannel ch, ErrorCode expected, String fragment) {
    ByteBuf out = ch.readOutbound();
    assertTrue(out != null, "an Error frame was written");
    EmbeddedChannel decoder =
        new EmbeddedChannel(new FrameDecoder(WireLimits.defaults()), new EnvelopeDecoder());
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
    ch.writeInbound(bytes(0x47, 0x45)); // magic: "GE" of an HTTP "GET", not "JK"
    refusal(ch, ErrorCode.ERROR_CODE_BAD_MAGIC, "bad magic 0x4745");
  }

  @Test
  void unsupportedVersionIsRefusedAfterThreeBytes() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x02)); // version 2: not yet spoken
    refusal(ch, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "unsupported frame version 2");
  }

  @Test
  void nonZeroFlagsAreRefused() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x01, // version 1
            0x80)); // flags: reserved, must be 0
    refusal(ch, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "frame flags 0x80");
  }

  @Test
  void oversizedLengthIsRefusedBeforeTheBodyArrives() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x01, // version 1
            0x00, // flags
            0x00, 0x00, 0x07, 0xD0)); // body length 2000 > 1024 - 8; no body follows
    refusal(
        ch,
        ErrorCode.ERROR_CODE_FRAME_TOO_LARGE,
        "frame body of 2000 bytes exceeds the maximum of 1016");
  }

  @Test
  void lengthAtTheTopOfTheUnsignedRangeIsTooLargeNotNegative() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x01, // version 1
            0x00, // flags
            0xFF, 0xFF, 0xFF, 0xFF)); // body length 4294967295 (u32, not -1)
    refusal(ch, ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, "4294967295 bytes");
  }

  @Test
  void truncatedFrameIsOnlyLoggedAndClosedWhenTheInputEnds() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x01, // version 1
            0x00, // flags
            0x00, 0x00, 0x00, 0x0A, // body length 10
            0x08, 0x01, 0x10)); // 3 of the 10 body bytes
    assertNull(ch.readOutbound(), "a partial frame is awaited, not refused");
    try (LogCapture log = LogCapture.of(ErrorHandler.class)) {
      // The peer shuts its output down mid-frame: nobody is left to answer (§3.3).
      ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
      assertNull(ch.readOutbound(), "no Error frame");
      assertFalse(ch.isOpen(), "the connection is closed");
      assertTrue(
          log.warnings().stream()
              .anyMatch(
                  l ->
                      l.contains(
                          "MALFORMED_FRAME: input ended in the middle of a frame after 3 of 10 body bytes")),
          log.warnings().toString());
    }
  }

  @Test
  void garbageBodyIsMalformed() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x01, // version 1
            0x00, // flags
            0x00, 0x00, 0x00, 0x03, // body length 3
            0xFF, 0xFF, 0xFF)); // body: a varint tag that never ends, not an Envelope
    refusal(ch, ErrorCode.ERROR_CODE_MALFORMED_FRAME, "not a valid Envelope");
  }

  @Test
  void frameBeforeHelloIsRefusedWithCorrelationIdZero() {
    EmbeddedChannel ch = serverPipeline();
    Envelope heartbeat =
        Envelope.newBuilder()
            .setMessageId(42)
            .setHeartbeat(jp.jukinet.protocol.proto.Heartbeat.getDefaultInstance())
            .build();
    ByteBuf frame = Unpooled.buffer();
    frame.writeBytes(
        new byte[] {
          0x4A, 0x4B, // magic "JK"
          0x01, // version 1
          0x00
        }); // flags
    frame.writeInt(heartbeat.getSerializedSize()); // body length
    frame.writeBytes(heartbeat.toByteArray()); // body: a Heartbeat with message_id 42
    ch.writeInbound(frame);
    ByteBuf out = ch.readOutbound();
    EmbeddedChannel decoder =
        new EmbeddedChannel(new FrameDecoder(WireLimits.defaults()), new EnvelopeDecoder());
    decoder.writeInbound(out);
    Envelope error = decoder.readInbound();
    assertEquals(ErrorCode.ERROR_CODE_HELLO_REQUIRED, error.getError().getCode());
    assertEquals(0, error.getCorrelationId(), "it refuses the connection, not a request (§4.2)");
    assertFalse(ch.isOpen());
    assertTrue(delivered.isEmpty(), "nothing reaches the business handler");
  }

  @Test
  void bytesAfterABadHeaderAreNotDecoded() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x09, // version 9: refused here …
            0x00, 0x00, 0x00, 0x00, 0x00, // … so the rest of this header is never read
            0x4A, 0x4B, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00)); // a valid empty frame after it
    refusal(ch, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "version 9");
    assertTrue(delivered.isEmpty());
  }

  // ---- after the Hello: message ids, answers, limits (docs/protocol.md §5.1, §6.4, §6.5) ----

  private static final PeerId CS = PeerId.cs("192015");
  private final TransportCounters counters = new TransportCounters();

  /**
   * The pipeline of a connection whose Hello was accepted: codec → message ids → writability →
   * business → error.
   */
  private EmbeddedChannel established(TransportSettings settings, EnvelopeHandler handler) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ConnectionHandler connection =
        new ConnectionHandler(SELF, ch, handler, LinkListener.NONE, settings, counters);
    WireLimits limits = settings.wireLimits();
    ch.pipeline().addLast(PipelineConfigurator.FRAME_DECODER, new FrameDecoder(limits));
    ch.pipeline().addLast(PipelineConfigurator.ENVELOPE_DECODER, new EnvelopeDecoder());
    ch.pipeline().addLast(PipelineConfigurator.ENVELOPE_ENCODER, new EnvelopeEncoder(limits));
    ch.pipeline()
        .addLast(
            PipelineConfigurator.WRITABILITY,
            new WritabilityGuard(SELF, connection, settings.limits().maxUnwritable()));
    ch.pipeline().addLast(PipelineConfigurator.BUSINESS, connection);
    ch.pipeline().addLast(PipelineConfigurator.ERROR, new ErrorHandler(SELF, connection));
    connection.activate(CS);
    return ch;
  }

  private EmbeddedChannel established(EnvelopeHandler handler) {
    return established(TransportSettings.defaults().withMaxFrameBytes(MAX_FRAME), handler);
  }

  /** A whole frame: the 8 header bytes, then {@code env} as body. */
  private static ByteBuf frame(Envelope env) {
    byte[] body = env.toByteArray();
    ByteBuf buf =
        bytes(
            0x4A, 0x4B, // magic "JK"
            0x01, // version 1
            0x00); // flags
    buf.writeInt(body.length); // body length
    return buf.writeBytes(body);
  }

  /** Every frame the node wrote so far. */
  private static List<Envelope> written(EmbeddedChannel ch) {
    EmbeddedChannel decoder =
        new EmbeddedChannel(new FrameDecoder(WireLimits.defaults()), new EnvelopeDecoder());
    for (ByteBuf out; (out = ch.readOutbound()) != null; ) {
      decoder.writeInbound(out);
    }
    List<Envelope> frames = new ArrayList<>();
    for (Envelope env; (env = decoder.readInbound()) != null; ) {
      frames.add(env);
    }
    return frames;
  }

  private static Envelope nodeStatusRequest(long messageId) {
    return Envelope.newBuilder()
        .setMessageId(messageId)
        .setNodeStatusRequest(NodeStatusRequest.getDefaultInstance())
        .build();
  }

  private static void answerStatus(Connection c, Envelope env) {
    c.reply(env, Envelope.newBuilder().setNodeStatus(NodeStatus.getDefaultInstance()));
  }

  @Test
  void aMessageIdNotAboveThePreviousOneIsMalformedAndNothingOfItIsProcessed() {
    EmbeddedChannel ch = established(ProtocolErrorTest::answerStatus);
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, 0x01, 0x00, // magic "JK", version 1, flags 0
            0x00, 0x00, 0x00, 0x04, // body length 4
            0x08, 0x07, // Envelope.message_id = 7
            0x72, 0x00, // Envelope.node_status_request (field 14), empty
            0x4A, 0x4B, 0x01, 0x00, // the next frame
            0x00, 0x00, 0x00, 0x04, // body length 4
            0x08, 0x07, // message_id = 7 again: not greater than the previous one
            0x72, 0x00, // node_status_request
            0x4A, 0x4B, 0x01, 0x00, 0x00, 0x00, 0x00, 0x04, 0x08, 0x09, 0x72,
            0x00)); // id 9, after the failure
    List<Envelope> out = written(ch);
    assertEquals(2, out.size(), out.toString());
    assertEquals(7, out.get(0).getCorrelationId());
    assertTrue(out.get(0).hasNodeStatus(), "the first request is answered");
    Envelope refusal = out.get(1);
    assertEquals(ErrorCode.ERROR_CODE_MALFORMED_FRAME, refusal.getError().getCode());
    assertEquals(0, refusal.getCorrelationId(), "a frame error refuses the connection");
    assertTrue(
        refusal.getError().getMessage().contains("message id 7"), refusal.getError().getMessage());
    assertTrue(
        refusal.getMessageId() > out.get(0).getMessageId(),
        "the node numbers its own frames upwards");
    assertFalse(ch.isOpen());
  }

  @Test
  void messageIdZeroIsMalformed() {
    EmbeddedChannel ch = established(ProtocolErrorTest::answerStatus);
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, 0x01, 0x00, // magic "JK", version 1, flags 0
            0x00, 0x00, 0x00, 0x02, // body length 2
            0x72, 0x00)); // node_status_request without a message id (0)
    refusal(ch, ErrorCode.ERROR_CODE_MALFORMED_FRAME, "message id 0");
  }

  @Test
  void aHelloWithMessageIdZeroIsMalformedBeforeItIsLookedAt() {
    EmbeddedChannel ch = serverPipeline();
    ch.writeInbound(
        bytes(
            0x4A, 0x4B, 0x01, 0x00, // magic "JK", version 1, flags 0
            0x00, 0x00, 0x00, 0x04, // body length 4
            0x52, 0x02, 0x10, 0x01)); // Envelope.hello = {protocol_version 1}, message id 0
    refusal(ch, ErrorCode.ERROR_CODE_MALFORMED_FRAME, "message id 0");
  }

  @Test
  void atTheInFlightBoundReadingPausesAndTheRequestsAlreadyReadWaitUntilItResumes() {
    List<Envelope> held = new ArrayList<>();
    EmbeddedChannel ch =
        established(
            TransportSettings.defaults()
                .withLimits(
                    new ConnectionLimits(4, 512 * 1024, 1024 * 1024, Duration.ofSeconds(30))),
            (c, env) -> held.add(env));
    ch.writeInbound(
        frame(nodeStatusRequest(1)),
        frame(nodeStatusRequest(2)),
        frame(nodeStatusRequest(3)),
        frame(nodeStatusRequest(4)),
        frame(nodeStatusRequest(5)),
        frame(nodeStatusRequest(6)));
    assertEquals(4, held.size(), "the bound's worth is being handled");
    assertFalse(ch.config().isAutoRead(), "at the bound the connection is not read");
    assertTrue(written(ch).isEmpty(), "nothing is refused");
    assertEquals(1, counters.readsPaused());

    Connection connection = ch.pipeline().get(ConnectionHandler.class);
    answerStatus(connection, held.get(0));
    assertFalse(ch.config().isAutoRead(), "3 in flight: above the lower mark");
    answerStatus(connection, held.get(1));
    assertEquals(6, held.size(), "2 in flight: reading resumes, the waiting requests in order");
    assertEquals(5, held.get(4).getMessageId());
    assertFalse(ch.config().isAutoRead(), "and pauses again at 4 in flight");
    assertEquals(2, counters.readsPaused());
    held.subList(2, 6).forEach(env -> answerStatus(connection, env));
    assertTrue(ch.config().isAutoRead());
    assertEquals(6, written(ch).size(), "every request answered");
    assertEquals(0, counters.requestsOverloaded());
    assertTrue(ch.isOpen());
  }

  @Test
  void whileTheConnectionIsUnwritableItIsNotReadAndRequestsReadWaitForIt() {
    EmbeddedChannel ch = established(ProtocolErrorTest::answerStatus);
    ch.unsafe()
        .outboundBuffer()
        .setUserDefinedWritability(1, false); // as if 1 MiB of answers were queued
    ch.runPendingTasks(); // the writability change is told from the event loop
    assertFalse(ch.config().isAutoRead(), "a connection that cannot be written is not read");
    ch.writeInbound(frame(nodeStatusRequest(1)));
    assertTrue(written(ch).isEmpty(), "the request waits");

    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    ch.runPendingTasks();
    assertTrue(ch.config().isAutoRead(), "reading resumes below the low-water mark");
    assertTrue(written(ch).get(0).hasNodeStatus());
    assertEquals(0, counters.requestsOverloaded());
  }

  @Test
  void aConnectionUnwritableForTooLongIsClosed() {
    EmbeddedChannel ch =
        established(
            TransportSettings.defaults()
                .withLimits(
                    new ConnectionLimits(1024, 512 * 1024, 1024 * 1024, Duration.ofSeconds(30))),
            ProtocolErrorTest::answerStatus);
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    ch.runPendingTasks();
    ch.advanceTimeBy(29, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen(), "29 s unwritable is allowed");
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.isOpen(), "30 s unwritable: closed as stuck");
  }

  @Test
  void responsesAndErrorsThatMatchNothingAreDroppedCountedAndNeverAnswered() {
    EmbeddedChannel ch = established(ProtocolErrorTest::answerStatus);
    ch.writeInbound(
        frame(
            Envelope.newBuilder()
                .setMessageId(1)
                .setCorrelationId(99) // an Error answering nothing
                .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_INTERNAL, "loop?"))
                .build()),
        frame(
            Envelope.newBuilder()
                .setMessageId(2) // an Error about the connection
                .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_INVALID_REQUEST, "report"))
                .build()),
        frame(
            Envelope.newBuilder()
                .setMessageId(3) // a response body with correlation id 0
                .setNodeStatus(NodeStatus.getDefaultInstance())
                .build()),
        frame(
            Envelope.newBuilder()
                .setMessageId(4)
                .setCorrelationId(1) // a late HelloAccepted
                .setHelloAccepted(jp.jukinet.protocol.proto.HelloAccepted.getDefaultInstance())
                .build()));
    assertTrue(written(ch).isEmpty(), "an answer is never answered");
    assertEquals(4, counters.responsesUnmatched());
    assertTrue(delivered.isEmpty());
    assertTrue(ch.isOpen());
  }

  @Test
  void anAnswerTooLargeForAFrameBecomesADefiniteRefusal() {
    EmbeddedChannel ch =
        established(
            (c, env) ->
                c.reply(
                    env,
                    Envelope.newBuilder()
                        .setNodeStatus(NodeStatus.newBuilder().putCounters("x".repeat(2000), 1))));
    ch.writeInbound(frame(nodeStatusRequest(1)));
    Envelope answer = written(ch).get(0);
    assertEquals(1, answer.getCorrelationId());
    assertEquals(
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        answer.getError().getCode(),
        "node_status_request reads");
    assertTrue(
        answer
            .getError()
            .getMessage()
            .matches("response of \\d+ bytes exceeds the maximum frame body of 1016 bytes"),
        answer.getError().getMessage());
  }

  @Test
  void anErrorThrownByTheHandlerIsAnsweredInternalAndTheConnectionStays() {
    EmbeddedChannel ch =
        established(
            (c, env) -> {
              throw new AssertionError("a bug");
            });
    ch.writeInbound(frame(nodeStatusRequest(1)));
    Envelope answer = written(ch).get(0);
    assertEquals(ErrorCode.ERROR_CODE_INTERNAL, answer.getError().getCode());
    assertTrue(ch.isOpen());
  }

  @Test
  void aPeersErrorTextIsLoggedEscapedOnOneLine() {
    EmbeddedChannel ch = established(ProtocolErrorTest::answerStatus);
    try (LogCapture log = LogCapture.of(ConnectionHandler.class)) {
      ch.writeInbound(
          frame(
              Envelope.newBuilder()
                  .setMessageId(1)
                  .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_INTERNAL, "boom\nERROR forged"))
                  .build()));
      List<String> warnings = log.warnings();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("\"boom\\u000aERROR forged\""), warnings.get(0));
      assertFalse(warnings.get(0).contains("\n"), "no line break from the peer");
    }
  }
}
