package jp.jukinet.cs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CS closes the open connection of a peer whose certificate is revoked or expires, within 10 s
 * (docs/protocol.md §4.7), and leaves every other connection up.
 */
@Timeout(120)
class CsRevocationIT {
  static final String KOFU = CsOperationsIT.KOFU;
  static final PeerId REVOKED = CsTestNetwork.operator(KOFU);
  static final PeerId OTHER = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-02");
  static final Duration WITHIN = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  CsTestNetwork net;

  @BeforeEach
  void start() {
    net = new CsTestNetwork(dir, CsSettings.defaults(), KOFU);
    net.pki.add(OTHER);
    net.start(KOFU);
    net.awaitUpstream(KOFU);
  }

  @AfterEach
  void stop() {
    net.close();
  }

  private Connection connect(PeerId as, NodeTls tls) throws Exception {
    return TransportClient.connect(net.runtime.transport(), tls, as, PeerId.cs(KOFU), net.node(KOFU).localAddress(),
        (connection, envelope) -> { }, TransportSettings.defaults()).get(20, TimeUnit.SECONDS);
  }

  @Test
  void aRevokedPeersOpenConnectionIsClosedAndOthersStayUp() throws Exception {
    Connection revoked = net.connect(REVOKED, KOFU);
    Connection other = net.connect(OTHER, KOFU);
    Connection monitor = net.connect(CsTestNetwork.MONITOR, KOFU);
    try {
      Instant revokedAt = Instant.now();
      net.pki.revoke(REVOKED);
      await().atMost(WITHIN.plusSeconds(2)).until(() -> !revoked.isActive());
      assertTrue(Duration.between(revokedAt, Instant.now()).compareTo(WITHIN) <= 0, "closed within 10 s");
      assertTrue(other.isActive() && monitor.isActive(), "the other peers' connections stay up");
      assertTrue(net.node(KOFU).changeSender().attached(), "the upstream link stays up");
      assertThrows(Exception.class, () -> net.connect(REVOKED, KOFU).close(), "the revoked peer cannot reconnect");
    } finally {
      other.close();
      monitor.close();
    }
  }

  @Test
  void aConnectionWhoseCertificateExpiresIsClosed() throws Exception {
    Connection expiring = connect(REVOKED, net.pki.shortLivedTls(REVOKED, Duration.ofSeconds(3)));
    Connection other = net.connect(OTHER, KOFU);
    try {
      await().atMost(Duration.ofSeconds(3).plus(WITHIN).plusSeconds(2)).until(() -> !expiring.isActive());
      assertTrue(other.isActive(), "the other operator's connection stays up");
    } finally {
      other.close();
    }
  }
}
