package jp.jukinet.protocol.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import jp.jukinet.protocol.testing.TestPki;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The subject names a peer only when it is exactly CN, OU and O=jukinet (docs/protocol.md §4.1).
 */
class CertificateSubjectTest {
  @TempDir static Path dir;
  static TestPki pki;

  private static PeerId parse(String subject) {
    if (pki == null) {
      pki = TestPki.create(dir);
    }
    return CertificateSubject.peerId(
        pki.craft(
                subject,
                new BasicConstraints(false),
                new KeyUsage(KeyUsage.digitalSignature),
                KeyPurposeId.id_kp_clientAuth)
            .certificate());
  }

  @Test
  void theCanonicalSubjectNamesThePeer() {
    assertEquals(PeerId.cs("192015"), parse("CN=192015,OU=cs,O=jukinet"));
    assertEquals(PeerId.cs("192015"), parse(CertificateSubject.of(PeerId.cs("192015"))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CN=192015,OU=cs,O=jukinet,C=JP",
        "CN=192015,OU=cs,OU=pref,O=jukinet",
        "CN=192015,CN=192023,OU=cs,O=jukinet",
        "CN=192015,OU=cs,O=jukinet,O=jukinet",
        "CN=192015+UID=x,OU=cs,O=jukinet",
        "CN=192015,O=jukinet",
        "OU=cs,O=jukinet",
        "CN=192015,OU=cs,O=other",
        "CN=192015,OU=cs"
      })
  void anyOtherSubjectNamesNoPeer(String subject) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(subject));
    assertTrue(e.getMessage().contains("not a jukinet subject"), e.getMessage());
  }
}
