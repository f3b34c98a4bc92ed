package jp.jukinet.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentQueryResponse;
import jp.jukinet.protocol.wire.ErrorCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The business end of a connection on an {@link EmbeddedChannel} (its frames as Envelopes, no
 * codec): replies written during one read go out in one flush, responses complete their requests,
 * requests time out, and a close fails what is pending and tells the link listener once.
 */
@Timeout(30)
class ConnectionHandlerTest {
  private static final PeerId SELF = PeerId.prefecture("190004");
  private static final PeerId PEER = PeerId.cs("192015");

  private final List<Envelope> delivered = new ArrayList<>();
  private final List<String> linkEvents = new ArrayList<>();
  private final TransportCounters counters = new TransportCounters();
  private int flushes;

  /** flush-counter → business, as in the real pipeline below the codec. */
  private ConnectionHandler activeConnection(EmbeddedChannel ch, EnvelopeHandler handler) {
    ConnectionHandler connection =
        new ConnectionHandler(
            SELF,
            ch,
            handler,
            new LinkListener() {
              @Override
              public void onConnected(Connection c) {
                linkEvents.add("up " + c.peer());
              }

              @Override
              public void onDisconnected(Connection c) {
                linkEvents.add("down " + c.peer());
              }
            },
            TransportSettings.defaults(),
            counters);
    ch.pipeline()
        .addLast(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
              }
            });
    ch.pipeline().addLast(PipelineConfigurator.BUSINESS, connection);
    connection.activate(PEER);
    return connection;
  }

  private static Envelope query(long messageId) {
    return Envelope.newBuilder()
        .setMessageId(messageId)
        .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode("12345678901"))
        .build();
  }

  @Test
  void repliesWrittenDuringOneReadShareOneFlush() {
    EmbeddedChannel ch = new EmbeddedChannel();
    activeConnection(
        ch,
        (c, env) -> c.reply(env, Envelope.newBuilder().setResidentQuery(env.getResidentQuery())));
    ch.writeInbound(query(1), query(2), query(3));
    List<Long> answered = new ArrayList<>();
    for (Envelope out; (out = ch.readOutbound()) != null; ) {
      answered.add(out.getCorrelationId());
      assertEquals(SELF.toProto(), out.getSender());
    }
    assertEquals(List.of(1L, 2L, 3L), answered);
    assertEquals(1, flushes, "three replies, one flush at the end of the read");
  }

  @Test
  void aResponseCompletesItsRequestAnErrorFailsItAndTheRestIsDroppedAndCounted() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel();
    ConnectionHandler connection = activeConnection(ch, (c, env) -> delivered.add(env));
    CompletableFuture<Envelope> ok =
        connection.request(
            Envelope.newBuilder().setResidentQuery(ResidentQuery.getDefaultInstance()),
            Duration.ofSeconds(10));
    CompletableFuture<Envelope> refused =
        connection.request(
            Envelope.newBuilder().setResidentQuery(ResidentQuery.getDefaultInstance()),
            Duration.ofSeconds(10));
    CompletableFuture<Envelope> misanswered =
        connection.request(
            Envelope.newBuilder().setResidentQuery(ResidentQuery.getDefaultInstance()),
            Duration.ofSeconds(10));
    Envelope first = ch.readOutbound();
    Envelope second = ch.readOutbound();
    Envelope third = ch.readOutbound();

    ch.writeInbound(
        Envelope.newBuilder()
            .setMessageId(7)
            .setCorrelationId(second.getMessageId())
            .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_NOT_FOUND, "no such resident"))
            .build());
    ch.writeInbound(
        Envelope.newBuilder()
            .setMessageId(8)
            .setCorrelationId(first.getMessageId())
            .setResidentQueryResponse(ResidentQueryResponse.getDefaultInstance())
            .build());
    ch.writeInbound(
        query(9).toBuilder().setCorrelationId(third.getMessageId()).build()); // not the paired body
    ch.writeInbound(
        query(10).toBuilder().setCorrelationId(12345).build()); // answers nothing awaited
    ch.writeInbound(
        Envelope.newBuilder()
            .setMessageId(11) // a response body that answers nothing
            .setResidentQueryResponse(ResidentQueryResponse.getDefaultInstance())
            .build());

    assertEquals(8, ok.get(1, TimeUnit.SECONDS).getMessageId());
    ExecutionException e = assertThrows(ExecutionException.class, refused::get);
    assertEquals(
        ErrorCode.ERROR_CODE_NOT_FOUND,
        assertInstanceOf(RemoteErrorException.class, e.getCause()).error().getCode());
    ExecutionException wrong = assertThrows(ExecutionException.class, misanswered::get);
    assertInstanceOf(IOException.class, wrong.getCause(), "a wrong body is no success");
    assertTrue(delivered.isEmpty(), "responses never reach the handler: " + delivered);
    assertEquals(2, counters.responsesUnmatched());
    assertNull(ch.readOutbound(), "responses are never answered");
  }

  @Test
  void aRequestWithoutResponseTimesOutAtTheNextSweep() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ConnectionHandler connection = activeConnection(ch, (c, env) -> delivered.add(env));
    CompletableFuture<Envelope> f =
        connection.request(
            Envelope.newBuilder().setResidentQuery(ResidentQuery.getDefaultInstance()),
            Duration.ZERO);
    assertFalse(f.isDone(), "nothing fails before the sweep");
    ch.advanceTimeBy(PendingRequests.TIMEOUT_TICK_MILLIS, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(
        e.getCause().getMessage().contains("no response from " + PEER), e.getCause().getMessage());
  }

  @Test
  void closingFailsPendingRequestsAndTellsTheListenerOnce() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ConnectionHandler connection = activeConnection(ch, (c, env) -> delivered.add(env));
    CompletableFuture<Envelope> f =
        connection.request(
            Envelope.newBuilder().setResidentQuery(ResidentQuery.getDefaultInstance()),
            Duration.ofSeconds(10));
    connection.close();
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(connection.closed().isDone());
    assertEquals(List.of("up " + PEER, "down " + PEER), linkEvents);
    CompletableFuture<Envelope> late =
        connection.request(
            Envelope.newBuilder().setResidentQuery(ResidentQuery.getDefaultInstance()),
            Duration.ofSeconds(10));
    assertInstanceOf(
        IOException.class, assertThrows(ExecutionException.class, late::get).getCause());
  }

  @Test
  void aRequestLargerThanAFrameFailsAtOnceAndIsNotSent() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ConnectionHandler connection = activeConnection(ch, (c, env) -> delivered.add(env));
    CompletableFuture<Envelope> f =
        connection.request(
            Envelope.newBuilder()
                .setResidentQuery(
                    ResidentQuery.newBuilder().setJuminhyoCode("1".repeat(5_000_000))),
            Duration.ofSeconds(10));
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(
        e.getCause().getMessage().contains("exceeds the maximum frame body"),
        e.getCause().getMessage());
    assertNull(ch.readOutbound(), "nothing was written");
    assertTrue(connection.isActive(), "the connection stays up");
  }
}
