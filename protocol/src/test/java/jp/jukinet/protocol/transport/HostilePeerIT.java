package jp.jukinet.protocol.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.Hello;
import jp.jukinet.protocol.proto.NodeId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.testing.LogCapture;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.PeerText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One misbehaving peer against a real server over loopback TLS (docs/protocol.md §6.4, §6.5, §8.4):
 * it cannot grow the server's memory, loop it into answering answers, blow up its frames or logs,
 * or disturb another connection. Netty's leak detector runs at its paranoid level, and any leak or
 * reference-count failure logged meanwhile fails the test.
 */
@Timeout(120)
class HostilePeerIT {
  static final PeerId PREF = PeerId.prefecture("190004"); // 山梨県
  static final PeerId FLOODER = PeerId.cs("192015"); // 甲府市
  static final PeerId GOOD = PeerId.cs("192023"); // 富士吉田市
  static final Duration T = Duration.ofSeconds(10);

  /** Each NodeStatus answer carries this much, so that a few answers fill the write buffer. */
  static final int ANSWER_BYTES = 16 * 1024;

  static final Duration STUCK_AFTER = Duration.ofSeconds(2);

  @TempDir static Path tmp;
  static TestPki pki;
  static TransportResources resources;

  /**
   * The flooder's own event loop, so that its writes never hold up the server's or the good
   * client's.
   */
  static TransportResources flooderResources;

  static ResourceLeakDetector.Level leakLevel;

  final List<AutoCloseable> cleanup = new ArrayList<>();
  final AtomicInteger handled = new AtomicInteger();
  final AtomicLong mostQueuedWhenHandling = new AtomicLong();
  LogCapture log;

  @BeforeAll
  static void setUp() {
    leakLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    pki = TestPki.create(tmp, PREF, FLOODER, GOOD);
    resources = TransportResources.create(2);
    flooderResources = TransportResources.create(1);
  }

  @AfterAll
  static void tearDown() {
    resources.close();
    flooderResources.close();
    ResourceLeakDetector.setLevel(leakLevel);
  }

  @BeforeEach
  void captureLog() {
    log = LogCapture.all();
  }

  @AfterEach
  void closeAllAndCheckForLeaks() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
    // The detector reports what the collector found unreleased when buffers are next allocated.
    System.gc();
    for (int i = 0; i < 64; i++) {
      ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
      b.release();
    }
    List<String> problems =
        log.problems().stream()
            .filter(
                l ->
                    l.contains("LEAK")
                        || l.contains("IllegalReferenceCount")
                        || l.contains("refCnt"))
            .toList();
    log.close();
    assertTrue(problems.isEmpty(), "buffer leaks or reference-count failures: " + problems);
  }

  static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  /** NodeStatus answered with a 16 KiB listen address; anything else UNKNOWN_BODY. */
  void answer(Connection c, Envelope env) {
    mostQueuedWhenHandling.accumulateAndGet(((ConnectionHandler) c).queuedBytes(), Math::max);
    handled.incrementAndGet();
    if (env.hasNodeStatusRequest()) {
      c.reply(
          env,
          Envelope.newBuilder()
              .setNodeStatus(NodeStatus.newBuilder().setListenAddress("x".repeat(ANSWER_BYTES))));
    } else {
      c.replyError(
          env, ErrorCode.ERROR_CODE_UNKNOWN_BODY, env.getBodyCase() + " is not served here");
    }
  }

  NodeServer startServer(TransportSettings settings) {
    NodeServer s =
        NodeServer.start(
            resources, pki.tls(PREF), PREF, loopback(), this::answer, LinkListener.NONE, settings);
    cleanup.add(s);
    return s;
  }

  Connection connect(NodeServer server, PeerId self, EnvelopeHandler handler) throws Exception {
    Connection c =
        TransportClient.connect(
                resources,
                pki.tls(self),
                self,
                server.self(),
                server.localAddress(),
                handler,
                TransportSettings.defaults())
            .get(10, TimeUnit.SECONDS);
    cleanup.add(c::close);
    return c;
  }

  RawTlsClient raw(NodeServer server, PeerId self) throws Exception {
    RawTlsClient c =
        RawTlsClient.connect(
            flooderResources, pki.tls(self).clientContext(), server.localAddress());
    cleanup.add(c);
    return c;
  }

  static Envelope.Builder statusRequest() {
    return Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance());
  }

  @Test
  void aPeerThatSendsWithoutReadingIsThrottledAndClosedWhileAnotherIsServed() throws Exception {
    ConnectionLimits limits = new ConnectionLimits(1024, 512 * 1024, 1024 * 1024, STUCK_AFTER);
    NodeServer server = startServer(TransportSettings.defaults().withLimits(limits));
    Connection good = connect(server, GOOD, (c, env) -> {});
    RawTlsClient flooder = raw(server, FLOODER).helloAccepted(FLOODER).stopReading();

    int requests = 200_000; // 3.2 GB of answers if all were answered
    flooder.flood(statusRequest(), requests);
    int served = 0;
    // Until the server closed the flooder (the flooder, not reading, may not notice for a while).
    while (server.connections().stream().anyMatch(c -> c.peer().equals(FLOODER))) {
      Envelope status = good.request(statusRequest(), T).get(10, TimeUnit.SECONDS);
      assertEquals(ANSWER_BYTES, status.getNodeStatus().getListenAddress().length());
      served++;
    }
    assertTrue(served > 0, "the other connection was answered while the flood went on");

    String stuck =
        log.warnings().stream()
            .filter(l -> l.contains("closing the connection as stuck"))
            .findFirst()
            .orElse(null);
    assertNotNull(stuck, "the flooder was closed as stuck: " + log.warnings());
    assertTrue(stuck.contains(FLOODER.name()), stuck);
    Matcher queued = Pattern.compile("\\((\\d+) bytes queued\\)").matcher(stuck);
    assertTrue(queued.find(), stuck);
    long bound = 4L * 1024 * 1024;
    assertTrue(Long.parseLong(queued.group(1)) < bound, "queued answers stayed bounded: " + stuck);
    assertTrue(
        mostQueuedWhenHandling.get() < bound,
        "queued when handling: " + mostQueuedWhenHandling.get());
    assertTrue(handled.get() < requests, "the server stopped reading the flooder");
    assertTrue(good.isActive());
  }

  @Test
  void twoPeersTradingErrorsCannotLoop() throws Exception {
    NodeServer server = startServer(TransportSettings.defaults());
    List<Envelope> clientSaw = new CopyOnWriteArrayList<>();
    // A client that answers everything it is handed with an Error, as a careless node might.
    Connection client =
        connect(
            server,
            GOOD,
            (c, env) -> {
              clientSaw.add(env);
              c.replyError(env, ErrorCode.ERROR_CODE_UNKNOWN_BODY, "no");
            });
    client.send(
        Envelope.newBuilder()
            .setCorrelationId(77)
            .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_INTERNAL, "answering an answer")));
    client.send(
        Envelope.newBuilder()
            .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_INVALID_REQUEST, "a report")));
    client.send(
        Envelope.newBuilder()
            .setNodeStatus(NodeStatus.getDefaultInstance())); // a response body, id 0
    // The server's answer to this request follows whatever it might have sent for the frames above.
    assertTrue(client.request(statusRequest(), T).get(10, TimeUnit.SECONDS).hasNodeStatus());
    assertEquals(3, server.counters().responsesUnmatched());
    assertEquals(1, handled.get(), "only the request reached the server's handler");
    assertTrue(clientSaw.isEmpty(), "the server answered none of the answers: " + clientSaw);
  }

  @Test
  void aFourMebibyteFieldIsRefusedWithABoundedMessage() throws Exception {
    NodeServer server = startServer(TransportSettings.defaults());
    String huge = "9".repeat(4 * 1024 * 1024 - 64);
    RawTlsClient raw = raw(server, FLOODER);
    assertTrue(
        raw.hello(
            Hello.newBuilder()
                .setNode(NodeId.newBuilder().setRole(NodeRole.NODE_ROLE_CS).setCode(huge))
                .setProtocolVersion(1)
                .build()));
    Envelope refusal = raw.next();
    assertNotNull(refusal, "the Hello is answered");
    assertEquals(ErrorCode.ERROR_CODE_HELLO_MISMATCH, refusal.getError().getCode());
    String message = refusal.getError().getMessage();
    assertTrue(
        message.getBytes(StandardCharsets.UTF_8).length <= PeerText.MAX_ERROR_MESSAGE_BYTES,
        message);
    assertTrue(message.contains("…(+"), "the field is quoted, not copied: " + message);
    assertTrue(raw.closedWithin(T));
    for (String line : log.warnings()) {
      assertTrue(line.length() < 2048, "a bounded log line: " + line.length() + " chars");
    }
  }

  @Test
  void framesComposedOnManyThreadsLeaveInMessageIdOrder() throws Exception {
    NodeServer server = startServer(TransportSettings.defaults());
    Connection client = connect(server, GOOD, (c, env) -> {});
    ExecutorService threads = Executors.newFixedThreadPool(4);
    cleanup.add(threads::shutdownNow);
    List<CompletableFuture<Envelope>> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<?>[] senders = new CompletableFuture<?>[4];
    for (int t = 0; t < senders.length; t++) {
      senders[t] =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 250; i++) {
                  answers.add(
                      client.request(
                          Envelope.newBuilder()
                              .setResidentQuery(
                                  jp.jukinet.protocol.proto.ResidentQuery.getDefaultInstance()),
                          T));
                }
              },
              threads);
    }
    CompletableFuture.allOf(senders).get(10, TimeUnit.SECONDS);
    for (CompletableFuture<Envelope> a : answers) {
      // UNKNOWN_BODY from the test handler: answered, not refused as MALFORMED_FRAME.
      Throwable answer = a.handle((r, e) -> e).get(10, TimeUnit.SECONDS);
      assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_BODY, ((RemoteErrorException) answer).code());
    }
    assertTrue(client.isActive(), "no message id arrived out of order");
    assertFalse(
        log.warnings().stream().anyMatch(l -> l.contains("MALFORMED_FRAME")),
        log.warnings().toString());
  }

  @Test
  void floodsEndedAbruptlyLeaveNoBufferBehind() throws Exception {
    NodeServer server = startServer(TransportSettings.defaults());
    Connection good = connect(server, GOOD, (c, env) -> {});
    for (int round = 0; round < 10; round++) {
      RawTlsClient flooder = raw(server, FLOODER).helloAccepted(FLOODER);
      if (round % 2 == 0) {
        flooder.stopReading();
      }
      flooder.flood(statusRequest(), 20_000);
      if (round % 3 == 0) {
        flooder.queueRaw(
            new byte[] {0x4A, 0x4B, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x08}); // a frame cut short
      }
      // Reset mid-stream, while the server is still reading and answering.
      await().atMost(T).until(() -> handled.get() > 0);
      flooder.abort();
      handled.set(0);
      assertTrue(good.request(statusRequest(), T).get(10, TimeUnit.SECONDS).hasNodeStatus());
    }
    await().atMost(T).until(() -> server.connections().size() == 1);
  }
}
