package jp.jukinet.protocol.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.CertificateAuthority;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.testing.TestPki;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutual TLS 1.3 between nodes of one network PKI: who is accepted and who is refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeTlsIT {
  static final PeerId SERVER = PeerId.prefecture("190004");
  static final PeerId GOOD = PeerId.cs("192015");
  static final PeerId OTHER = PeerId.cs("192023");

  @TempDir Path tmp;

  static List<SslProvider> providers() {
    List<SslProvider> out = new ArrayList<>();
    out.add(SslProvider.JDK);
    if (OpenSsl.isAvailable()) {
      out.add(SslProvider.OPENSSL);
    }
    return out;
  }

  /** Every message in a cause chain (OpenSSL wraps the trust manager's exception). */
  static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append(" <- ");
    }
    return sb.toString();
  }

  private static boolean accepted(TlsProbe probe, SslContext client, int port) throws Exception {
    return probe.connect(client, port).get(10, TimeUnit.SECONDS);
  }

  private static void assertAccepted(TlsProbe probe, SslContext client, int port) throws Exception {
    assertTrue(
        accepted(probe, client, port),
        () -> "client should have been accepted; client errors: " + probe.clientErrors);
    SslHandshakeCompletionEvent e = probe.nextServerResult();
    assertTrue(e.isSuccess(), () -> "server handshake failed: " + e.cause());
  }

  private static Throwable assertRefused(TlsProbe probe, SslContext client, int port)
      throws Exception {
    assertFalse(accepted(probe, client, port), "client should have been refused");
    SslHandshakeCompletionEvent e = probe.nextServerResult();
    assertFalse(e.isSuccess(), "server-side handshake should have failed");
    return e.cause();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void goodClientIsAcceptedAndServerSeesItsIdentity(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
      assertEquals(SERVER, server.self());
      assertTrue(server.certificateNotAfterMillis() > System.currentTimeMillis());
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void clientWithoutCertificateIsRefused(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      int port = probe.startServer(pki.tls(SERVER).serverContext());
      // trusts the network CA but presents no certificate
      SslContext anonymous =
          SslContextBuilder.forClient()
              .sslProvider(provider)
              .trustManager(pki.pkiDir().resolve("ca.pem").toFile())
              .protocols("TLSv1.3")
              .endpointIdentificationAlgorithm(null)
              .build();
      assertRefused(probe, anonymous, port);
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void certificateFromAnotherCaIsRefused(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      int port = probe.startServer(pki.tls(SERVER).serverContext());
      assertRefused(probe, pki.otherCaTls(GOOD).clientContext(), port);
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void expiredCertificateIsRefused(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      int port = probe.startServer(pki.tls(SERVER).serverContext());
      assertRefused(probe, pki.expiredTls(GOOD).clientContext(), port);
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void caCertificateIssuedByTheNetworkCaIsNeverAPeer(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      NodeTls ca =
          pki.craftedTls(
              GOOD,
              "ca-true",
              new BasicConstraints(true),
              new KeyUsage(KeyUsage.digitalSignature),
              KeyPurposeId.id_kp_clientAuth,
              KeyPurposeId.id_kp_serverAuth);
      assertRefused(probe, ca.clientContext(), port);
      assertRefusedWhy(server, ca, "end-entity", true);
      NodeTls noConstraints =
          pki.craftedTls(
              GOOD,
              "no-basic-constraints",
              null,
              new KeyUsage(KeyUsage.digitalSignature),
              KeyPurposeId.id_kp_clientAuth);
      assertRefused(probe, noConstraints.clientContext(), port);
      assertRefusedWhy(server, noConstraints, "end-entity", true);
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void certificateWithoutTheNeededExtendedKeyUsageIsRefused(SslProvider provider) throws Exception {
    PeerId monitor = new PeerId(jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_MONITOR, "01");
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD, PeerId.national(), monitor);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      NodeTls noEku =
          pki.craftedTls(
              GOOD, "no-eku", new BasicConstraints(false), new KeyUsage(KeyUsage.digitalSignature));
      assertRefused(probe, noEku.clientContext(), port);
      assertRefusedWhy(server, noEku, "lacks extendedKeyUsage clientAuth", true);
      NodeTls serverOnly =
          pki.craftedTls(
              GOOD,
              "server-only",
              new BasicConstraints(false),
              new KeyUsage(KeyUsage.digitalSignature),
              KeyPurposeId.id_kp_serverAuth);
      assertRefused(probe, serverOnly.clientContext(), port);
      // The CA gives the national server serverAuth only: it never dials.
      assertRefused(probe, pki.tls(PeerId.national()).clientContext(), port);
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
    try (TlsProbe probe = new TlsProbe()) {
      // A monitor's certificate (clientAuth only) cannot serve: the client refuses it.
      NodeTls monitorTls = pki.tls(monitor);
      int port = probe.startServer(monitorTls.serverContext());
      assertFalse(
          accepted(probe, pki.tls(GOOD).clientContext(), port),
          "a client must refuse a server without serverAuth");
      assertRefusedWhy(pki.tls(GOOD), monitorTls, "lacks extendedKeyUsage serverAuth", false);
    }
  }

  /**
   * The reason the trust manager gives, deterministically (over the wire either end may refuse
   * first).
   */
  private static void assertRefusedWhy(
      NodeTls verifier, NodeTls peer, String why, boolean peerIsClient) {
    X509Certificate[] chain = {peer.certificate()};
    CertificateException e =
        assertThrows(
            CertificateException.class,
            () -> {
              if (peerIsClient) {
                verifier.trustManager().checkClientTrusted(chain, "UNKNOWN");
              } else {
                verifier.trustManager().checkServerTrusted(chain, "UNKNOWN");
              }
            });
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("providers")
  void peerRevokedWhileServerRunsIsRefusedOnNextHandshake(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD, OTHER);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      // fresh contexts each time: no cached session, a full handshake
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
      long reloads = server.trustManager().reloads();
      pki.revoke(GOOD);
      Throwable cause = assertRefused(probe, pki.tls(GOOD).clientContext(), port);
      assertTrue(
          chain(cause).contains("revoked"), () -> "refused for revocation, was: " + chain(cause));
      assertEquals(reloads + 1, server.trustManager().reloads(), "the server re-read crl.pem once");
      assertAccepted(probe, pki.tls(OTHER).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void revokedPeerCannotResumeItsSession(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD, OTHER);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      SslContext client = pki.tls(GOOD).clientContext(); // caches sessions per host:port
      assertAccepted(probe, client, port);
      assertAccepted(probe, client, port);
      long resumed = server.trustManager().resumedChecks();
      assertTrue(
          resumed >= 1,
          "the second connection should have resumed the cached session (else this test proves nothing)");
      pki.revoke(GOOD);
      Throwable cause = assertRefused(probe, client, port);
      assertTrue(
          server.trustManager().resumedChecks() > resumed, "the refused attempt was a resumption");
      assertTrue(
          chain(cause).contains("revoked"), () -> "refused for revocation, was: " + chain(cause));
      assertAccepted(probe, pki.tls(OTHER).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void staleCrlRefusesEveryPeerWithAnExplicitReasonUntilRenewed(SslProvider provider)
      throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      SslContext good = pki.tls(GOOD).clientContext();
      assertAccepted(probe, good, port);
      // a CRL whose nextUpdate has passed: revocation status is unknown, so nobody gets in
      Path dir = pki.pkiDir();
      CertificateAuthority ca =
          CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key"));
      Instant now = Instant.now();
      PemFiles.writeCrl(
          dir.resolve("crl.pem"),
          ca.signCrl(
              List.of(),
              BigInteger.TEN,
              now.minus(Duration.ofDays(2)),
              now.minus(Duration.ofDays(1))));
      NodeTls goodTls = pki.tls(GOOD);
      assertRefused(probe, goodTls.clientContext(), port);
      // the reason, deterministically (over the wire either end may be the first to refuse)
      CertificateException why =
          assertThrows(
              CertificateException.class,
              () ->
                  server
                      .trustManager()
                      .checkClientTrusted(
                          new X509Certificate[] {goodTls.certificate()}, "UNKNOWN"));
      assertTrue(
          why.getMessage().contains("CRL is stale") && why.getMessage().contains("crl.pem"),
          why.getMessage());

      pki.networkPki().renewCrl();
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void unreadableCrlFailsClosedNamingTheFile(SslProvider provider) throws Exception {
    TestPki pki = TestPki.create(tmp, provider, SERVER, GOOD);
    try (TlsProbe probe = new TlsProbe()) {
      NodeTls server = pki.tls(SERVER);
      int port = probe.startServer(server.serverContext());
      Path crl = pki.pkiDir().resolve("crl.pem");
      byte[] original = Files.readAllBytes(crl);
      Files.writeString(crl, "garbage\n");
      NodeTls goodTls = pki.tls(GOOD);
      assertRefused(probe, goodTls.clientContext(), port);
      CertificateException why =
          assertThrows(
              CertificateException.class,
              () ->
                  server
                      .trustManager()
                      .checkClientTrusted(
                          new X509Certificate[] {goodTls.certificate()}, "UNKNOWN"));
      assertTrue(why.getMessage().contains("crl.pem"), why.getMessage());

      Files.write(crl, original);
      assertAccepted(probe, pki.tls(GOOD).clientContext(), port);
    }
  }
}
