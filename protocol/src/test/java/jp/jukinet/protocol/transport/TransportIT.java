package jp.jukinet.protocol.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.Heartbeat;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.wire.ProtocolException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The transport over real loopback sockets with real mutual TLS from a per-run PKI. */
@Timeout(120)
class TransportIT {
  static final PeerId NATIONAL = PeerId.national();
  static final PeerId PREF = PeerId.prefecture("190004"); // 山梨県
  static final PeerId CS = PeerId.cs("192015"); // 甲府市
  static final PeerId CS2 = PeerId.cs("192023"); // 富士吉田市
  static final PeerId TOKYO_CS = PeerId.cs("131016"); // 千代田区: another prefecture
  static final Duration T = Duration.ofSeconds(10);

  @TempDir static Path tmp;
  static TestPki pki;
  static TransportResources resources;

  final List<AutoCloseable> cleanup = new ArrayList<>();
  final AtomicInteger serverConnected = new AtomicInteger();
  final AtomicInteger serverDisconnected = new AtomicInteger();

  @BeforeAll
  static void setUp() {
    pki = TestPki.create(tmp, NATIONAL, PREF, CS, CS2, TOKYO_CS);
    resources = TransportResources.create(2);
  }

  @AfterAll
  static void tearDown() {
    resources.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * The prefecture's test business: SingleProvisionRequest is echoed as a match carrying the key's
   * 住民票コード; ResidentQuery "missing" is answered NOT_FOUND, any other ResidentQuery is ignored.
   */
  static void prefectureHandler(Connection c, Envelope env) {
    switch (env.getBodyCase()) {
      case SINGLE_PROVISION_REQUEST ->
          c.reply(
              env,
              Envelope.newBuilder()
                  .setSingleProvisionResponse(
                      SingleProvisionResponse.newBuilder()
                          .addMatches(
                              IdentityInfo.newBuilder()
                                  .setJuminhyoCode(
                                      env.getSingleProvisionRequest()
                                          .getKey()
                                          .getJuminhyoCode()))));
      case RESIDENT_QUERY -> {
        if (env.getResidentQuery().getJuminhyoCode().equals("missing")) {
          c.replyError(env, ErrorCode.ERROR_CODE_NOT_FOUND, "no resident missing");
        }
      }
      default ->
          throw new ProtocolException(
              ErrorCode.ERROR_CODE_UNKNOWN_BODY,
              env.getMessageId(),
              false,
              env.getBodyCase() + " is not served by " + c.self());
    }
  }

  /** Counts the links the server sees come and go. */
  static LinkListener counting(AtomicInteger connected, AtomicInteger disconnected) {
    return new LinkListener() {
      @Override
      public void onConnected(Connection connection) {
        connected.incrementAndGet();
      }

      @Override
      public void onDisconnected(Connection connection) {
        disconnected.incrementAndGet();
      }
    };
  }

  NodeServer startServer(PeerId self, int port, TransportSettings settings) {
    NodeServer s =
        NodeServer.start(
            resources,
            pki.tls(self),
            self,
            loopback(port),
            TransportIT::prefectureHandler,
            counting(serverConnected, serverDisconnected),
            settings);
    cleanup.add(s);
    return s;
  }

  NodeServer startPrefecture() {
    return startServer(PREF, 0, TransportSettings.defaults());
  }

  Connection connect(NodeServer server, PeerId self) throws Exception {
    Connection c =
        TransportClient.connect(
                resources,
                pki.tls(self),
                self,
                server.self(),
                server.localAddress(),
                (conn, env) -> {},
                TransportSettings.defaults())
            .get(10, TimeUnit.SECONDS);
    cleanup.add(c::close);
    return c;
  }

  static Envelope.Builder lookup(String code) {
    return Envelope.newBuilder()
        .setSingleProvisionRequest(
            SingleProvisionRequest.newBuilder()
                .setJimuCode("J01")
                .setKey(ProvisionKey.newBuilder().setJuminhyoCode(code)));
  }

  static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  // ---- good exchanges ----

  @Test
  void csAndPrefectureExchangeManyPipelinedRequests() throws Exception {
    NodeServer server = startPrefecture();
    Connection cs = connect(server, CS);
    assertEquals(PREF, cs.peer());
    assertEquals(CS, cs.self());
    await().atMost(T).until(() -> server.connections().size() == 1);
    assertEquals(CS, server.connections().get(0).peer());

    // 2,000 requests in flight at once from a foreign thread ...
    List<CompletableFuture<Envelope>> futures = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      futures.add(cs.request(lookup(String.format("%011d", i)), T));
    }
    for (int i = 0; i < futures.size(); i++) {
      Envelope resp = futures.get(i).get(10, TimeUnit.SECONDS);
      assertEquals(
          String.format("%011d", i),
          resp.getSingleProvisionResponse().getMatches(0).getJuminhyoCode());
      assertEquals(PREF.toProto(), resp.getSender());
    }
    // ... and a closed loop issuing the next request from each response's callback (on the event
    // loop).
    CompletableFuture<Integer> chain = new CompletableFuture<>();
    AtomicInteger done = new AtomicInteger();
    for (int w = 0; w < 16; w++) {
      issueChained(cs, done, chain, 1000);
    }
    assertEquals(1000, chain.get(10, TimeUnit.SECONDS));
    assertEquals(1, serverConnected.get());
  }

  private static void issueChained(
      Connection c, AtomicInteger done, CompletableFuture<Integer> all, int total) {
    c.request(lookup("12345678901"), T)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                all.completeExceptionally(e);
              } else if (done.incrementAndGet() == total) {
                all.complete(total);
              } else if (done.get() < total) {
                issueChained(c, done, all, total);
              }
            });
  }

  @Test
  void errorAnswersFailTheRequestAndKeepTheConnection() throws Exception {
    NodeServer server = startPrefecture();
    Connection cs = connect(server, CS);

    Throwable notFound =
        failure(
            cs.request(
                Envelope.newBuilder()
                    .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode("missing")),
                T));
    RemoteErrorException remote = assertInstanceOf(RemoteErrorException.class, notFound);
    assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, remote.code());
    assertTrue(remote.definite());

    // An envelope without a body: UNKNOWN_BODY, not fatal.
    Throwable unknown = failure(cs.request(Envelope.newBuilder(), T));
    assertEquals(
        ErrorCode.ERROR_CODE_UNKNOWN_BODY,
        assertInstanceOf(RemoteErrorException.class, unknown).code());

    // A body the business handler does not serve.
    Throwable unserved =
        failure(
            cs.request(
                Envelope.newBuilder()
                    .setNodeStatusRequest(
                        jp.jukinet.protocol.proto.NodeStatusRequest.getDefaultInstance()),
                T));
    assertTrue(
        unserved.getMessage().contains("NODE_STATUS_REQUEST is not served by pref-190004"),
        unserved.getMessage());

    assertTrue(cs.isActive());
    assertEquals(
        "00000000001",
        cs.request(lookup("00000000001"), T)
            .get(10, TimeUnit.SECONDS)
            .getSingleProvisionResponse()
            .getMatches(0)
            .getJuminhyoCode());
  }

  @Test
  void unansweredRequestTimesOutAndPendingRequestsFailOnClose() throws Exception {
    NodeServer server = startPrefecture();
    Connection cs = connect(server, CS);
    Envelope.Builder ignored =
        Envelope.newBuilder().setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode("x"));

    Throwable timeout = failure(cs.request(ignored.clone(), Duration.ofMillis(200)));
    assertInstanceOf(TimeoutException.class, timeout);
    assertTrue(cs.isActive(), "a timeout does not close the connection");

    CompletableFuture<Envelope> pending = cs.request(ignored.clone(), T);
    server.connections().get(0).close();
    assertInstanceOf(IOException.class, failure(pending));
    await().atMost(T).until(() -> !cs.isActive());
    assertInstanceOf(
        IOException.class,
        failure(cs.request(lookup("1"), T)),
        "requests on a closed connection fail");
    await().atMost(T).until(() -> serverDisconnected.get() == 1);
  }

  // ---- bad frames on real sockets ----

  static List<byte[]> badFrames() {
    return List.of(
        new byte[] {0x47, 0x45, 0x54, 0x20}, // "GET ": bad magic
        new byte[] {0x4A, 0x4B, 0x07, 0x00}, // magic, version 7
        new byte[] {0x4A, 0x4B, 0x01, 0x01}, // magic, version 1, flags 0x01
        new byte[] {0x4A, 0x4B, 0x01, 0x00, 0x7F, 0x00, 0x00, 0x00}, // body length 2 GiB
        new byte[] {
          0x4A, 0x4B, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, (byte) 0xFF, (byte) 0xFF
        }); // garbage body
  }

  static final List<ErrorCode> BAD_FRAME_CODES =
      List.of(
          ErrorCode.ERROR_CODE_BAD_MAGIC,
          ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
          ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
          ErrorCode.ERROR_CODE_FRAME_TOO_LARGE,
          ErrorCode.ERROR_CODE_MALFORMED_FRAME);

  @Test
  void eachBadFrameIsRefusedAndClosedWhileAnotherConnectionKeepsWorking() throws Exception {
    NodeServer server = startPrefecture();
    Connection good = connect(server, CS);
    List<byte[]> frames = badFrames();
    for (int i = 0; i < frames.size(); i++) {
      try (RawTlsClient raw =
          RawTlsClient.connect(resources, pki.tls(CS2).clientContext(), server.localAddress())) {
        raw.helloAccepted(CS2);
        raw.writeRaw(frames.get(i));
        Envelope error = raw.next();
        assertNotNull(error, "an Error frame for bad frame " + i);
        assertEquals(BAD_FRAME_CODES.get(i), error.getError().getCode(), "bad frame " + i);
        assertTrue(raw.closedWithin(T), "closed after bad frame " + i);
      }
      assertTrue(good.isActive());
      assertEquals(
          "0000000000" + i,
          good.request(lookup("0000000000" + i), T)
              .get(10, TimeUnit.SECONDS)
              .getSingleProvisionResponse()
              .getMatches(0)
              .getJuminhyoCode());
    }
    await().atMost(T).until(() -> server.connections().size() == 1);
  }

  // ---- Hello refusals ----

  @Test
  void aRoleThatMayNotConnectIsRefused() throws Exception {
    NodeServer national = startServer(NATIONAL, 0, TransportSettings.defaults());
    Throwable csToNational =
        failure(
            TransportClient.connect(
                resources,
                pki.tls(CS),
                CS,
                NATIONAL,
                national.localAddress(),
                (c, e) -> {},
                TransportSettings.defaults()));
    RemoteErrorException refused = assertInstanceOf(RemoteErrorException.class, csToNational);
    assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN_PEER, refused.code());
    assertTrue(
        refused.getMessage().contains("a cs (cs-192015) may not connect to national"),
        refused.getMessage());

    NodeServer pref = startPrefecture();
    Throwable tokyoToYamanashi =
        failure(
            TransportClient.connect(
                resources,
                pki.tls(TOKYO_CS),
                TOKYO_CS,
                PREF,
                pref.localAddress(),
                (c, e) -> {},
                TransportSettings.defaults()));
    assertEquals(
        ErrorCode.ERROR_CODE_FORBIDDEN_PEER,
        assertInstanceOf(RemoteErrorException.class, tokyoToYamanashi).code());
    assertTrue(national.connections().isEmpty());
    assertTrue(pref.connections().isEmpty());
  }

  @Test
  void helloContradictingTheCertificateIsRefused() throws Exception {
    NodeServer server = startPrefecture();
    try (RawTlsClient raw =
        RawTlsClient.connect(resources, pki.tls(CS).clientContext(), server.localAddress())) {
      raw.hello(CS2, 1); // certificate says cs-192015
      Envelope error = raw.next();
      assertEquals(ErrorCode.ERROR_CODE_HELLO_MISMATCH, error.getError().getCode());
      assertTrue(
          error
              .getError()
              .getMessage()
              .contains("Hello names cs-192023 but the certificate names cs-192015"),
          error.getError().getMessage());
      assertEquals(1, error.getCorrelationId(), "the Error answers the Hello's message id");
      assertTrue(raw.closedWithin(T));
    }
    assertEquals(0, serverConnected.get());
  }

  @Test
  void frameBeforeHelloIsRefused() throws Exception {
    NodeServer server = startPrefecture();
    try (RawTlsClient raw =
        RawTlsClient.connect(resources, pki.tls(CS).clientContext(), server.localAddress())) {
      raw.send(lookup("00000000001"));
      Envelope error = raw.next();
      assertEquals(ErrorCode.ERROR_CODE_HELLO_REQUIRED, error.getError().getCode());
      assertTrue(raw.closedWithin(T));
    }
    try (RawTlsClient raw =
        RawTlsClient.connect(resources, pki.tls(CS).clientContext(), server.localAddress())) {
      raw.send(Envelope.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()));
      assertEquals(
          ErrorCode.ERROR_CODE_HELLO_REQUIRED,
          raw.next().getError().getCode(),
          "not even a Heartbeat");
      assertTrue(raw.closedWithin(T));
    }
    assertEquals(0, serverConnected.get());
  }

  @Test
  void unsupportedHelloVersionIsRefused() throws Exception {
    NodeServer server = startPrefecture();
    try (RawTlsClient raw =
        RawTlsClient.connect(resources, pki.tls(CS).clientContext(), server.localAddress())) {
      raw.hello(CS, 2);
      assertEquals(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, raw.next().getError().getCode());
      assertTrue(raw.closedWithin(T));
    }
  }

  @Test
  void clientRefusesAServerWhoseCertificateNamesAnotherNode() throws Exception {
    NodeServer pref = startPrefecture();
    // The CS meant to dial 190004 but an address mix-up sends it to a node claiming to be national.
    Throwable wrong =
        failure(
            TransportClient.connect(
                resources,
                pki.tls(CS),
                CS,
                NATIONAL,
                pref.localAddress(),
                (c, e) -> {},
                TransportSettings.defaults()));
    assertInstanceOf(SSLPeerUnverifiedException.class, wrong);
    assertTrue(
        wrong.getMessage().contains("presented a certificate for pref-190004, expected national"),
        wrong.getMessage());
  }

  // ---- TLS refusals ----

  private void assertTlsRefused(NodeServer server, CompletableFuture<Connection> attempt) {
    Throwable t = failure(attempt);
    assertFalse(t instanceof TimeoutException, "refused, not timed out: " + t);
    assertFalse(t instanceof RemoteErrorException, "refused by TLS, not by Hello: " + t);
    assertTrue(
        t instanceof SSLException
            || t instanceof IOException
            || t.getCause() instanceof SSLException,
        "a TLS or connection failure: " + t);
    assertTrue(server.connections().isEmpty());
    assertEquals(0, serverConnected.get());
  }

  @Test
  void clientWithoutCertificateIsRefused() throws Exception {
    NodeServer server = startPrefecture();
    SslContext noCert =
        SslContextBuilder.forClient()
            .trustManager(pki.pkiDir().resolve("ca.pem").toFile())
            .protocols("TLSv1.3")
            .endpointIdentificationAlgorithm(null)
            .build();
    RawTlsClient raw;
    try {
      raw = RawTlsClient.connect(resources, noCert, server.localAddress());
    } catch (ExecutionException e) {
      return; // refused during the handshake: fine
    }
    try (raw) {
      raw.hello(CS, 1);
      assertTrue(
          raw.closedWithin(T), "the server closes a connection without a client certificate");
    }
    assertEquals(0, serverConnected.get());
  }

  @Test
  void otherCaCertificateIsRefused() {
    NodeServer server = startPrefecture();
    assertTlsRefused(
        server,
        TransportClient.connect(
            resources,
            pki.otherCaTls(CS),
            CS,
            PREF,
            server.localAddress(),
            (c, e) -> {},
            TransportSettings.defaults()));
  }

  @Test
  void expiredCertificateIsRefused() {
    NodeServer server = startPrefecture();
    assertTlsRefused(
        server,
        TransportClient.connect(
            resources,
            pki.expiredTls(CS),
            CS,
            PREF,
            server.localAddress(),
            (c, e) -> {},
            TransportSettings.defaults()));
  }

  @Test
  void revokedCertificateIsRefusedOnTheNextHandshake() throws Exception {
    PeerId revoked = PeerId.cs("192040"); // 都留市, revoked only in this test
    pki.add(revoked);
    NodeServer server = startPrefecture();
    connect(server, revoked).close();
    await().atMost(T).until(() -> serverDisconnected.get() == 1);
    serverConnected.set(0);
    pki.revoke(revoked);
    assertTlsRefused(
        server,
        TransportClient.connect(
            resources,
            pki.tls(revoked),
            revoked,
            PREF,
            server.localAddress(),
            (c, e) -> {},
            TransportSettings.defaults()));
  }

  // ---- heartbeats ----

  @Test
  void heartbeatsKeepALiveLinkAndTheIdleTimeoutClosesADeadPeer() throws Exception {
    TransportSettings fast =
        TransportSettings.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400));
    NodeServer server = startServer(PREF, 0, fast);
    Connection live =
        TransportClient.connect(
                resources, pki.tls(CS), CS, PREF, server.localAddress(), (c, e) -> {}, fast)
            .get(10, TimeUnit.SECONDS);
    cleanup.add(live::close);
    try (RawTlsClient dead =
        RawTlsClient.connect(resources, pki.tls(CS2).clientContext(), server.localAddress())) {
      dead.helloAccepted(CS2); // then never sends anything, not even heartbeats
      assertTrue(dead.closedWithin(T), "the server closes a peer that stopped sending");
      Envelope heartbeat = dead.next();
      assertNotNull(heartbeat);
      assertTrue(heartbeat.hasHeartbeat(), "the server sent heartbeats while idle: " + heartbeat);
    }
    // The live link, quiet but heartbeating both ways, outlives several idle timeouts.
    await().during(Duration.ofMillis(1500)).atMost(T).until(live::isActive);
  }

  // ---- upstream link ----

  @Test
  void upstreamLinkReconnectsWhenTheServerComesBackOnTheSamePort() throws Exception {
    TransportSettings settings =
        TransportSettings.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    NodeServer first = startServer(PREF, 0, settings);
    int port = first.localAddress().getPort();
    AtomicInteger up = new AtomicInteger();
    AtomicInteger down = new AtomicInteger();
    UpstreamLink link =
        UpstreamLink.start(
            resources,
            pki.tls(CS),
            CS,
            PREF,
            loopback(port),
            (c, e) -> {},
            counting(up, down),
            settings);
    cleanup.add(link);
    assertTrue(link.awaitUp(T));
    assertEquals(PREF, link.connection().orElseThrow().peer());

    first.close();
    await().atMost(T).until(() -> link.connection().isEmpty());
    assertEquals(
        1, down.get(), "the listener heard of the loss before the link let go of the connection");
    // Let a few attempts fail against the closed port before the server comes back.
    CompletableFuture<Connection> nextUp = link.whenUp();
    assertFalse(nextUp.isDone());

    NodeServer second = startServer(PREF, port, settings);
    Connection again = nextUp.get(10, TimeUnit.SECONDS);
    assertEquals(again, link.connection().orElseThrow());
    assertEquals(2, up.get());
    assertEquals(
        "00000000009",
        again
            .request(lookup("00000000009"), T)
            .get(10, TimeUnit.SECONDS)
            .getSingleProvisionResponse()
            .getMatches(0)
            .getJuminhyoCode());
    await().atMost(T).until(() -> second.connections().size() == 1);

    link.close();
    assertTrue(link.connection().isEmpty());
    await().atMost(T).until(() -> second.connections().isEmpty());
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheMaximum() {
    TransportSettings s =
        TransportSettings.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    UpstreamLink link =
        UpstreamLink.start(
            resources, pki.tls(CS), CS, PREF, loopback(1), (c, e) -> {}, LinkListener.NONE, s);
    cleanup.add(link);
    for (int i = 0; i < 40; i++) {
      long base = Math.min(2000, 100L << Math.min(i, 20));
      long d = link.backoffMillis(i);
      assertTrue(
          d >= base / 2 && d <= base,
          "attempt " + i + ": " + d + " not in [" + base / 2 + ", " + base + "]");
    }
    assertEquals(NodeRole.NODE_ROLE_PREFECTURE, link.peer().role());
  }
}
