package jp.jukinet.protocol.testing;

import io.netty.handler.ssl.SslProvider;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import jp.jukinet.protocol.pki.CertificateSubject;
import jp.jukinet.protocol.pki.IssuedCertificate;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.tls.NodeTls;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away network PKI for tests, generated into a temporary directory (never checked in).
 * Besides the good certificates it makes the ones refusal tests need: same subject from another CA,
 * expired, revoked.
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

  /**
   * Writes a network PKI under {@code tempDir/pki} for {@code peers} (more can be added with {@link
   * #add}).
   */
  public static TestPki create(Path tempDir, PeerId... peers) {
    return create(tempDir, NodeTls.defaultProvider(), peers);
  }

  /** As {@link #create(Path, PeerId...)}, with every {@link NodeTls} using {@code provider}. */
  public static TestPki create(Path tempDir, SslProvider provider, PeerId... peers) {
    Objects.requireNonNull(tempDir, "tempDir");
    Path dir = tempDir.resolve("pki");
    return new TestPki(
        tempDir, NetworkPki.init(dir, List.of(peers), Duration.ofDays(30)), provider);
  }

  /**
   * The PKI directory (ca.pem, crl.pem, nodes/), as passed to {@link NodeTls#load(Path, PeerId)}.
   */
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
    return NodeTls.load(
        pki.dir(), peer, pki.certFile(peer), pki.keyFile(peer), provider, Clock.systemUTC());
  }

  /**
   * Same subject, certificate and key from a different CA, trusting this network's CA: what an
   * outsider who copied ca.pem would present. Servers of this network must refuse it.
   */
  public NodeTls otherCaTls(PeerId peer) {
    Path other = root.resolve("other-ca");
    NetworkPki foreign = NetworkPki.init(other, List.of(peer), Duration.ofDays(30));
    return NodeTls.load(
        pki.dir(),
        peer,
        foreign.certFile(peer),
        foreign.keyFile(peer),
        provider,
        Clock.systemUTC());
  }

  /** A certificate from this CA for {@code peer} that expired a day ago. */
  public NodeTls expiredTls(PeerId peer) {
    Instant now = Instant.now();
    return special(
        peer,
        "expired",
        pki.issue(peer, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
  }

  /** A certificate from this CA for {@code peer} that expires {@code validFor} from now. */
  public NodeTls shortLivedTls(PeerId peer, Duration validFor) {
    Instant now = Instant.now();
    return special(
        peer, "short-lived", pki.issue(peer, now.minus(Duration.ofMinutes(1)), now.plus(validFor)));
  }

  /**
   * Revokes the peer's certificate in nodes/ (the CRL is rewritten; servers refuse it on the next
   * handshake).
   */
  public void revoke(PeerId peer) {
    pki.revoke(peer);
  }

  /**
   * A certificate signed by this network's CA for {@code subject}, built here with Bouncy Castle
   * with only the extensions given: {@code basicConstraints} and {@code keyUsage} when not null,
   * {@code extendedKeyUsage} when {@code purposes} is not empty. For certificates the CA would
   * never issue (CA:TRUE, no or the wrong extended key usage, odd subjects).
   */
  public IssuedCertificate craft(
      String subject, BasicConstraints basic, KeyUsage usage, KeyPurposeId... purposes) {
    try {
      X509Certificate ca = PemFiles.readCertificate(pki.caFile());
      PrivateKey caKey = PemFiles.readPrivateKey(pki.dir().resolve("ca.key"));
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = g.generateKeyPair();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              ca.getSubjectX500Principal(),
              BigInteger.valueOf(now.toEpochMilli())
                  .add(BigInteger.valueOf(System.nanoTime() & 0xFFFF)),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              new X500Principal(subject),
              keys.getPublic());
      if (basic != null) {
        b.addExtension(Extension.basicConstraints, true, basic);
      }
      if (usage != null) {
        b.addExtension(Extension.keyUsage, true, usage);
      }
      if (purposes.length > 0) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      }
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
      return new IssuedCertificate(cert, keys.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException("cannot craft a certificate for " + subject, e);
    }
  }

  /** The TLS identity of {@code peer} with a {@link #craft}ed certificate. */
  public NodeTls craftedTls(
      PeerId peer, String kind, BasicConstraints basic, KeyUsage usage, KeyPurposeId... purposes) {
    return special(peer, kind, craft(CertificateSubject.of(peer), basic, usage, purposes));
  }

  private NodeTls special(PeerId peer, String kind, IssuedCertificate issued) {
    Path dir = root.resolve("special");
    Path cert = dir.resolve(peer.name() + "-" + kind + ".pem");
    Path key = dir.resolve(peer.name() + "-" + kind + ".key");
    issued.writeTo(cert, key);
    return NodeTls.load(pki.dir(), peer, cert, key, provider, Clock.systemUTC());
  }
}
