package jp.jukinet.protocol.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLException;
import jp.jukinet.protocol.pki.CertificateAuthority;
import jp.jukinet.protocol.pki.CertificateSubject;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.pki.PkiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's TLS identity and trust: its key and certificate, the network CA, and the CRL, which is
 * re-read when its file changes so a revocation holds on the next handshake ({@link
 * ReloadingCrlTrustManager}). TLS 1.3 only; servers require a client certificate.
 *
 * <p><b>Decision: host names are not verified.</b> Clients build their context with {@code
 * endpointIdentificationAlgorithm(null)} (Netty 4.2 would otherwise check the dialled host against
 * the SANs). A peer's identity is the role and code in its certificate subject ({@link
 * CertificateSubject}), which the transport checks against the Hello after the handshake. Node
 * certificates still carry SANs (localhost, 127.0.0.1, the peer name) for ordinary tools.
 *
 * <p>Revocation: both contexts share one {@link ReloadingCrlTrustManager}, which re-reads crl.pem
 * when it changes and refuses everyone, with a logged reason, when it is stale or unreadable.
 * Session resumption stays enabled (cheap reconnects of thousands of CSs), but Netty hands every
 * resumed session's peer chain back to that trust manager, so a revoked peer is refused on
 * resumption too (tested in NodeTlsIT).
 *
 * <p>The two contexts are built once, in {@link #load}, and shared by all of the node's
 * connections. Provider: OpenSSL (netty-tcnative BoringSSL) when available, else the JDK.
 */
public final class NodeTls {
  /**
   * The in-memory key store Netty puts the key in to build each context: PKCS12 (the default) runs
   * 10,000 PBKDF2 rounds to encrypt the key and as many to decrypt it, per context and node; JKS
   * protects it cheaply, and this store never leaves memory.
   */
  private static final String KEY_STORE_TYPE = "JKS";

  private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);
  private static final String TLS13 = "TLSv1.3";

  private final PeerId self;
  private final X509Certificate certificate;
  private final ReloadingCrlTrustManager trustManager;
  private final SslContext serverContext;
  private final SslContext clientContext;

  private NodeTls(
      PeerId self,
      X509Certificate certificate,
      ReloadingCrlTrustManager trustManager,
      SslContext serverContext,
      SslContext clientContext) {
    this.self = self;
    this.certificate = certificate;
    this.trustManager = trustManager;
    this.serverContext = serverContext;
    this.clientContext = clientContext;
  }

  /**
   * Loads {@code <pkiDir>/ca.pem}, {@code <pkiDir>/crl.pem} and {@code
   * <pkiDir>/nodes/<name>.{pem,key}}.
   */
  public static NodeTls load(Path pkiDir, PeerId self) {
    Path nodes = pkiDir.resolve("nodes");
    return load(
        pkiDir,
        self,
        nodes.resolve(self.name() + ".pem"),
        nodes.resolve(self.name() + ".key"),
        defaultProvider(),
        Clock.systemUTC());
  }

  /**
   * Loads the CA and CRL of {@code pkiDir} with an explicit certificate and key (special
   * certificates in tests: expired, from another CA) and an explicit provider.
   */
  public static NodeTls load(
      Path pkiDir, PeerId self, Path certFile, Path keyFile, SslProvider provider, Clock clock) {
    Objects.requireNonNull(pkiDir, "pkiDir");
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(clock, "clock");
    String node = self.name();
    X509Certificate ca = PemFiles.readCertificate(pkiDir.resolve("ca.pem"));
    X509Certificate cert = PemFiles.readCertificate(certFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (!CertificateAuthority.matches(cert, key)) {
      throw new PkiException(
          keyFile + ": private key does not match the public key in " + certFile);
    }
    PeerId named;
    try {
      named = CertificateSubject.peerId(cert);
    } catch (IllegalArgumentException e) {
      throw new PkiException(certFile + ": " + e.getMessage(), e);
    }
    if (!named.equals(self)) {
      throw new PkiException(certFile + ": certificate is for " + named + ", not for " + self);
    }
    if (cert.getNotAfter().toInstant().isBefore(clock.instant())) {
      LOG.warn(
          "{}: certificate {} expired at {}; peers will refuse it",
          node,
          certFile,
          cert.getNotAfter().toInstant());
    }
    ReloadingCrlTrustManager tm =
        new ReloadingCrlTrustManager(node, ca, pkiDir.resolve("crl.pem"), clock);
    try {
      SslContext server =
          SslContextBuilder.forServer(key, cert)
              .keyStoreType(KEY_STORE_TYPE)
              .sslProvider(provider)
              .trustManager(tm)
              .clientAuth(ClientAuth.REQUIRE)
              .protocols(TLS13)
              .build();
      SslContext client =
          SslContextBuilder.forClient()
              .sslProvider(provider)
              .keyManager(key, cert)
              .keyStoreType(KEY_STORE_TYPE)
              .trustManager(tm)
              .protocols(TLS13)
              .endpointIdentificationAlgorithm(null)
              .build();
      LOG.info(
          "{}: TLS ready ({} provider, certificate serial {} valid until {})",
          node,
          provider,
          cert.getSerialNumber().toString(16),
          cert.getNotAfter().toInstant());
      return new NodeTls(self, cert, tm, server, client);
    } catch (SSLException e) {
      throw new PkiException(
          node
              + ": cannot build TLS contexts from "
              + certFile
              + " and "
              + keyFile
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** OpenSSL (BoringSSL from netty-tcnative) when it loaded, else the JDK. */
  public static SslProvider defaultProvider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  public PeerId self() {
    return self;
  }

  public SslContext serverContext() {
    return serverContext;
  }

  public SslContext clientContext() {
    return clientContext;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The trust manager shared by both contexts (CRL reload and resumption counters). */
  public ReloadingCrlTrustManager trustManager() {
    return trustManager;
  }

  /** Not-after of this node's certificate, epoch millis. */
  public long certificateNotAfterMillis() {
    return certificate.getNotAfter().getTime();
  }
}
