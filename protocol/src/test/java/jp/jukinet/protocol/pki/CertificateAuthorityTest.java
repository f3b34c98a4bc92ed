package jp.jukinet.protocol.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.jukinet.protocol.proto.NodeRole;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.now();
  private static final CertificateAuthority CA =
      CertificateAuthority.create(NOW, NOW.plus(Duration.ofDays(10)));

  @Test
  void leafIsSignedByTheCaAndItsKeyMatches() throws Exception {
    IssuedCertificate leaf = CA.issue(PeerId.cs("192015"), NOW, NOW.plus(Duration.ofDays(1)));
    leaf.certificate().verify(CA.certificate().getPublicKey());
    assertTrue(CertificateAuthority.matches(leaf.certificate(), leaf.privateKey()));
    assertTrue(
        !CertificateAuthority.matches(CA.certificate(), leaf.privateKey()),
        "foreign key does not match");
  }

  @Test
  void serialsArePositiveAtMost20BytesAndDistinct() {
    BigInteger a =
        CA.issue(PeerId.national(), NOW, NOW.plusSeconds(60)).certificate().getSerialNumber();
    BigInteger b =
        CA.issue(PeerId.national(), NOW, NOW.plusSeconds(60)).certificate().getSerialNumber();
    assertNotEquals(a, b);
    for (BigInteger s : List.of(a, b)) {
      assertTrue(s.signum() > 0 && s.toByteArray().length <= 20, s.toString(16));
    }
  }

  @Test
  void invertedValidityIsRejectedNamingBothDates() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CA.issue(PeerId.national(), NOW, NOW.minusSeconds(1)));
    assertTrue(e.getMessage().contains(NOW.toString()), e.getMessage());
  }

  @Test
  void crlCarriesNumberAndEntries() throws Exception {
    X509CRL crl =
        CA.signCrl(
            List.of(new CertificateAuthority.RevokedSerial(BigInteger.valueOf(42), NOW)),
            BigInteger.valueOf(7),
            NOW,
            NOW.plus(Duration.ofDays(1)));
    crl.verify(CA.certificate().getPublicKey());
    assertEquals(BigInteger.valueOf(7), CertificateAuthority.crlNumber(crl));
    assertTrue(crl.getRevokedCertificate(BigInteger.valueOf(42)) != null);
  }

  @Test
  void theCaMayIssueNoCaAndPeersGetExactlyTheKeyUsagesOfTheirRole() throws Exception {
    assertEquals(0, CA.certificate().getBasicConstraints(), "CA:TRUE with pathLen 0");
    String server = "1.3.6.1.5.5.7.3.1";
    String client = "1.3.6.1.5.5.7.3.2";
    Map<PeerId, List<String>> expected =
        Map.of(
            PeerId.national(),
            List.of(server),
            PeerId.prefecture("190004"),
            List.of(server, client),
            PeerId.cs("192015"),
            List.of(server, client),
            new PeerId(NodeRole.NODE_ROLE_AGENCY, "A01"),
            List.of(client),
            new PeerId(NodeRole.NODE_ROLE_OPERATOR, "192015-01"),
            List.of(client),
            new PeerId(NodeRole.NODE_ROLE_PREF_TERMINAL, "190004-01"),
            List.of(client),
            new PeerId(NodeRole.NODE_ROLE_MONITOR, "01"),
            List.of(client));
    for (Map.Entry<PeerId, List<String>> e : expected.entrySet()) {
      X509Certificate cert = CA.issue(e.getKey(), NOW, NOW.plusSeconds(60)).certificate();
      assertEquals(e.getValue(), cert.getExtendedKeyUsage(), e.getKey().toString());
      assertEquals(-1, cert.getBasicConstraints(), "CA:FALSE");
      boolean[] usage = cert.getKeyUsage();
      for (int i = 0; i < usage.length; i++) {
        assertEquals(i == 0, usage[i], "keyUsage is digitalSignature only, bit " + i);
      }
    }
  }
}
