package jp.jukinet.protocol.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import jp.jukinet.protocol.pki.CertificateAuthority;
import jp.jukinet.protocol.pki.IssuedCertificate;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import org.junit.jupiter.api.Test;

/** 磁気媒体 envelopes: only the recipient certificate's key opens them. */
class MediaEnvelopeTest {
  private static final Instant NOW = Instant.now();
  private static final CertificateAuthority CA =
      CertificateAuthority.create(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
  private static final IssuedCertificate A20 = issue("A20");
  private static final IssuedCertificate A10 = issue("A10");

  private static IssuedCertificate issue(String code) {
    return CA.issue(
        new PeerId(NodeRole.NODE_ROLE_AGENCY, code),
        NOW.minusSeconds(60),
        NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void theRecipientOpensWhatWasSealedForIt() {
    byte[] content = "本人確認情報 for A20".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = MediaEnvelope.seal(content, A20.certificate());
    assertArrayEquals(content, MediaEnvelope.open(sealed, A20.certificate(), A20.privateKey()));
  }

  @Test
  void anotherAgencyCannotOpenIt() {
    byte[] sealed = MediaEnvelope.seal(new byte[] {1, 2, 3}, A20.certificate());
    MediaException notFor =
        assertThrows(
            MediaException.class,
            () -> MediaEnvelope.open(sealed, A10.certificate(), A10.privateKey()));
    assertTrue(notFor.getMessage().contains("not enveloped for"), notFor.getMessage());
    // Another key presented with the recipient's certificate does not decrypt either.
    assertThrows(
        MediaException.class,
        () -> MediaEnvelope.open(sealed, A20.certificate(), A10.privateKey()));
  }

  @Test
  void garbageIsNotMedia() {
    MediaException e =
        assertThrows(
            MediaException.class,
            () ->
                MediaEnvelope.open(
                    new byte[] {0x30, 0x03, 1, 2, 3}, A20.certificate(), A20.privateKey()));
    assertTrue(e.getMessage().startsWith("not CMS enveloped data"), e.getMessage());
  }
}
