package jp.jukinet.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Heartbeat;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.wire.EnvelopeDecoder;
import jp.jukinet.protocol.wire.EnvelopeEncoder;
import jp.jukinet.protocol.wire.FrameHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heartbeats and dead peers on an {@link EmbeddedChannel} with its own clock (docs/protocol.md
 * §4.4): a Heartbeat after between ¾ of the interval and the interval of write silence, any frame
 * written postpones it; a peer silent for the idle timeout is closed, unless this node stopped
 * reading it.
 */
@Timeout(30)
class HeartbeatHandlerTest {
  private static final PeerId SELF = PeerId.prefecture("190004");
  private static final PeerId PEER = PeerId.cs("192015");
  private static final Duration INTERVAL = Duration.ofMillis(400);
  private static final Duration IDLE = Duration.ofMillis(1000);

  private long peerMessageId;

  /** decoder and encoder (counting frames) → heartbeat → business, as in the real pipeline. */
  private static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime(); // only advanceTimeBy moves the loop's clock
    TransportSettings settings = TransportSettings.defaults().withHeartbeat(INTERVAL, IDLE);
    ConnectionHandler connection =
        new ConnectionHandler(
            SELF, ch, (c, env) -> {}, LinkListener.NONE, settings, new TransportCounters());
    ch.pipeline()
        .addLast(
            new EnvelopeDecoder(connection.trafficCounter()),
            new EnvelopeEncoder(settings.wireLimits(), connection.trafficCounter()),
            new HeartbeatHandler(SELF, connection, INTERVAL, IDLE),
            connection);
    connection.activate(PEER);
    return ch;
  }

  private static void advance(EmbeddedChannel ch, long millis) {
    for (long t = 0; t < millis; t += 10) {
      ch.advanceTimeBy(10, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
    }
  }

  private static Envelope written(EmbeddedChannel ch) {
    ByteBuf frame = ch.readOutbound();
    if (frame == null) {
      return null;
    }
    try {
      frame.skipBytes(FrameHeader.LENGTH);
      return Envelope.parseFrom(frame.nioBuffer());
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      frame.release();
    }
  }

  private void receive(EmbeddedChannel ch) {
    Envelope hb =
        Envelope.newBuilder()
            .setMessageId(++peerMessageId)
            .setHeartbeat(Heartbeat.getDefaultInstance())
            .build();
    ch.writeInbound(Unpooled.wrappedBuffer(hb.toByteArray()));
  }

  @Test
  void aHeartbeatFollowsWriteSilenceOfAtMostTheIntervalAndAnyWritePostponesIt() {
    EmbeddedChannel ch = channel();
    advance(ch, 290);
    assertNull(written(ch), "nothing before ¾ of the interval");
    advance(ch, 110);
    Envelope first = written(ch);
    assertTrue(first != null && first.hasHeartbeat(), "a heartbeat by the interval: " + first);
    assertNull(written(ch));

    // A frame written 50 ms later: the next heartbeat counts from it, not from the first one.
    advance(ch, 50);
    ch.writeAndFlush(
        Envelope.newBuilder()
            .setMessageId(1_000)
            .setResidentQuery(ResidentQuery.getDefaultInstance())
            .build());
    assertFalse(written(ch).hasHeartbeat());
    advance(ch, 290);
    assertNull(written(ch), "silence of 290 ms since the write is under ¾ of the interval");
    advance(ch, 110);
    assertTrue(written(ch).hasHeartbeat(), "within the interval after the write");
    assertTrue(ch.isOpen(), "the link is still up: nothing read for 850 ms of a 1 s timeout");
  }

  @Test
  void aPeerSilentForTheIdleTimeoutIsClosedUnlessReadingIsPaused() {
    EmbeddedChannel ch = channel();
    advance(ch, 600);
    receive(ch);
    advance(ch, 900);
    assertTrue(ch.isOpen(), "900 ms of silence is under the 1 s timeout");
    ch.config().setAutoRead(false);
    advance(ch, 3_000);
    assertTrue(ch.isOpen(), "silence while this node does not read says nothing of the peer");
    ch.config().setAutoRead(true);
    advance(ch, 900);
    assertTrue(ch.isOpen(), "the timeout starts afresh when reading resumes");
    advance(ch, 300);
    assertFalse(ch.isOpen(), "1.2 s of silence while reading: closed as dead");
  }
}
