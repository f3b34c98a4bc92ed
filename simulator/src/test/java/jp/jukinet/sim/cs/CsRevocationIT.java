package jp.jukinet.sim.cs;

import static jp.jukinet.sim.cs.CsNetwork.KOFU;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.jukinet.protocol.pki.IssuedCertificate;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.testing.TestNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CS closes the open connection of a peer whose certificate is revoked or expires, within 10 s
 * (docs/protocol.md §4.7), and leaves every other connection up. Certificates are revoked in the
 * run directory's PKI, as {@code jukinet pki revoke} does.
 */
@Timeout(120)
class CsRevocationIT {
  static final PeerId REVOKED = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-01");
  static final PeerId OTHER = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-02");
  static final Duration WITHIN = Duration.ofSeconds(10);

  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  CsNetwork net;
  NetworkPki pki;

  @BeforeEach
  void start() {
    net = new CsNetwork(networks, dir.resolve("run"));
    pki = NetworkPki.init(net.net.directory().pkiDir(), List.of(OTHER), Duration.ofDays(30));
  }

  @AfterEach
  void stop() {
    net.close();
  }

  @Test
  void aRevokedPeersOpenConnectionIsClosedAndOthersStayUp() throws Exception {
    Connection revoked = net.connect(REVOKED, KOFU);
    Connection other = net.connect(OTHER, KOFU);
    Connection monitor = net.connect(CsNetwork.MONITOR, KOFU);
    try {
      Instant revokedAt = Instant.now();
      pki.revoke(REVOKED);
      await().atMost(WITHIN.plusSeconds(2)).until(() -> !revoked.isActive());
      assertTrue(
          Duration.between(revokedAt, Instant.now()).compareTo(WITHIN) <= 0, "closed within 10 s");
      assertTrue(other.isActive() && monitor.isActive(), "the other peers' connections stay up");
      assertTrue(net.node(KOFU).changeSender().attached(), "the upstream link stays up");
      assertThrows(
          Exception.class,
          () -> net.connect(REVOKED, KOFU).close(),
          "the revoked peer cannot reconnect");
    } finally {
      other.close();
      monitor.close();
    }
  }

  @Test
  void aConnectionWhoseCertificateExpiresIsClosed() throws Exception {
    Connection expiring = net.connect(REVOKED, shortLivedTls(REVOKED, Duration.ofSeconds(3)), KOFU);
    Connection other = net.connect(OTHER, KOFU);
    try {
      await()
          .atMost(Duration.ofSeconds(3).plus(WITHIN).plusSeconds(2))
          .until(() -> !expiring.isActive());
      assertTrue(other.isActive(), "the other operator's connection stays up");
    } finally {
      other.close();
    }
  }

  /** A certificate of the network's CA for {@code peer} that expires {@code validFor} from now. */
  private NodeTls shortLivedTls(PeerId peer, Duration validFor) {
    Instant now = Instant.now();
    IssuedCertificate issued =
        pki.issue(peer, now.minus(Duration.ofMinutes(1)), now.plus(validFor));
    Path cert = dir.resolve(peer.name() + "-short-lived.pem");
    Path key = dir.resolve(peer.name() + "-short-lived.key");
    issued.writeTo(cert, key);
    return NodeTls.load(pki.dir(), peer, cert, key, NodeTls.defaultProvider(), Clock.systemUTC());
  }
}
