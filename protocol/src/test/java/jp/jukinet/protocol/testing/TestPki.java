package jp.jukinet.protocol.testing;

import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.pki.IssuedCertificate;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.NodeTls;

/**
 * A throw-away network PKI for tests, generated into a temporary directory (never checked in).
 * Besides the good certificates it makes the ones refusal tests need: same subject from another
 * CA, expired, revoked.
 *
 * <pre>
 *   TestPki pki = TestPki.create(tempDir, PeerId.national(), PeerId.prefecture("190004"));
 *   NodeTls ns = pki.tls(PeerId.national());
 * </pre>
 */
public final class TestPki {
  private final Path root;
  private final NetworkPki pki;
  private final SslProvider provider;

  private TestPki(Path root, NetworkPki pki, SslProvider provider) {
    this.root = root;
    this.pki = pki;
    this.provider = provider;
  }

  /** Writes a network PKI under {@code tempDir/pki} for {@code peers} (more can be added with {@link #add}). */
  public static TestPki create(Path tempDir, PeerId... peers) {
    return create(tempDir, NodeTls.defaultProvider(), peers);
  }

  /** As {@link #create(Path, PeerId...)}, with every {@link NodeTls} using {@code provider}. */
  public static TestPki create(Path tempDir, SslProvider provider, PeerId... peers) {
    Objects.requireNonNull(tempDir, "tempDir");
    Path dir = tempDir.resolve("pki");
    return new TestPki(tempDir, NetworkPki.init(dir, List.of(peers), Duration.ofDays(30)), provider);
  }

  /** The PKI directory (ca.pem, crl.pem, nodes/), as passed to {@link NodeTls#load(Path, PeerId)}. */
  public Path pkiDir() {
    return pki.dir();
  }

  public NetworkPki networkPki() {
    return pki;
  }

  /** Issues certificates for more peers. */
  public TestPki add(PeerId... peers) {
    NetworkPki.init(pki.dir(), List.of(peers), Duration.ofDays(30));
    return this;
  }

  /** The peer's TLS identity from this PKI (issued on demand if the peer is new). */
  public NodeTls tls(PeerId peer) {
    if (!pki.certFile(peer).toFile().exists()) {
      add(peer);
    }
    return NodeTls.load(pki.dir(), peer, pki.certFile(peer), pki.keyFile(peer), provider, Clock.systemUTC());
  }

  /**
   * Same subject, certificate and key from a different CA, trusting this network's CA: what an
   * outsider who copied ca.pem would present. Servers of this network must refuse it.
   */
  public NodeTls otherCaTls(PeerId peer) {
    Path other = root.resolve("other-ca");
    NetworkPki foreign = NetworkPki.init(other, List.of(peer), Duration.ofDays(30));
    return NodeTls.load(pki.dir(), peer, foreign.certFile(peer), foreign.keyFile(peer), provider, Clock.systemUTC());
  }

  /** A certificate from this CA for {@code peer} that expired a day ago. */
  public NodeTls expiredTls(PeerId peer) {
    Instant now = Instant.now();
    return special(peer, "expired", pki.issue(peer, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
  }

  /** Revokes the peer's certificate in nodes/ (the CRL is rewritten; servers refuse it on the next handshake). */
  public void revoke(PeerId peer) {
    pki.revoke(peer);
  }

  private NodeTls special(PeerId peer, String kind, IssuedCertificate issued) {
    Path dir = root.resolve("special");
    Path cert = dir.resolve(peer.name() + "-" + kind + ".pem");
    Path key = dir.resolve(peer.name() + "-" + kind + ".key");
    issued.writeTo(cert, key);
    return NodeTls.load(pki.dir(), peer, cert, key, provider, Clock.systemUTC());
  }
}
