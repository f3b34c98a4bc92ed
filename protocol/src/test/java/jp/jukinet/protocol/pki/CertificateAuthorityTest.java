package jp.jukinet.protocol.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.now();
  private static final CertificateAuthority CA = CertificateAuthority.create(NOW, NOW.plus(Duration.ofDays(10)));

  @Test
  void leafIsSignedByTheCaAndItsKeyMatches() throws Exception {
    IssuedCertificate leaf = CA.issue(PeerId.cs("192015"), NOW, NOW.plus(Duration.ofDays(1)));
    leaf.certificate().verify(CA.certificate().getPublicKey());
    assertTrue(CertificateAuthority.matches(leaf.certificate(), leaf.privateKey()));
    assertTrue(!CertificateAuthority.matches(CA.certificate(), leaf.privateKey()), "foreign key does not match");
  }

  @Test
  void serialsArePositiveAtMost20BytesAndDistinct() {
    BigInteger a = CA.issue(PeerId.national(), NOW, NOW.plusSeconds(60)).certificate().getSerialNumber();
    BigInteger b = CA.issue(PeerId.national(), NOW, NOW.plusSeconds(60)).certificate().getSerialNumber();
    assertNotEquals(a, b);
    for (BigInteger s : List.of(a, b)) {
      assertTrue(s.signum() > 0 && s.toByteArray().length <= 20, s.toString(16));
    }
  }

  @Test
  void invertedValidityIsRejectedNamingBothDates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CA.issue(PeerId.national(), NOW, NOW.minusSeconds(1)));
    assertTrue(e.getMessage().contains(NOW.toString()), e.getMessage());
  }

  @Test
  void crlCarriesNumberAndEntries() throws Exception {
    X509CRL crl = CA.signCrl(List.of(new CertificateAuthority.RevokedSerial(BigInteger.valueOf(42), NOW)),
        BigInteger.valueOf(7), NOW, NOW.plus(Duration.ofDays(1)));
    crl.verify(CA.certificate().getPublicKey());
    assertEquals(BigInteger.valueOf(7), CertificateAuthority.crlNumber(crl));
    assertTrue(crl.getRevokedCertificate(BigInteger.valueOf(42)) != null);
  }
}
