package jp.jukinet.protocol.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listening channel whose accept fails (as it does with EMFILE: Netty fires the error on the
 * server channel) counts the failure, pauses accepting instead of spinning, and accepts again.
 */
@Timeout(60)
class AcceptFailuresIT {
  static final PeerId PREF = PeerId.prefecture("190004");
  static final PeerId CS = PeerId.cs("192015");

  @TempDir Path tmp;
  TestPki pki;
  TransportResources resources;
  NodeServer server;

  @BeforeEach
  void setUp() {
    pki = TestPki.create(tmp, PREF, CS);
    resources = TransportResources.create(1);
    server =
        NodeServer.start(
            resources,
            pki.tls(PREF),
            PREF,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            (c, env) -> {},
            LinkListener.NONE,
            TransportSettings.defaults());
  }

  @AfterEach
  void tearDown() {
    server.close();
    resources.close();
  }

  @Test
  void aFailedAcceptIsCountedPausesAcceptingAndLeavesTheServerWorking() throws Exception {
    assertEquals(0, server.acceptFailures());
    server
        .serverChannel()
        .pipeline()
        .fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.acceptFailures() == 1);
    assertFalse(server.serverChannel().config().isAutoRead(), "accepting paused");
    await().atMost(Duration.ofSeconds(5)).until(() -> server.serverChannel().config().isAutoRead());

    Connection c =
        TransportClient.connect(
                resources,
                pki.tls(CS),
                CS,
                PREF,
                server.localAddress(),
                (conn, env) -> {},
                TransportSettings.defaults())
            .get(10, TimeUnit.SECONDS);
    assertEquals(PREF, c.peer());
    c.close();
  }
}
