package jp.jukinet.protocol.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.wire.PeerText;

/**
 * What a peer's certificate must be besides chaining to the network CA (docs/protocol.md §4.1): an
 * end-entity certificate issued directly by the CA, with {@code basicConstraints} CA:FALSE, {@code
 * keyUsage} digitalSignature and an {@code extendedKeyUsage} naming the purpose the peer uses it
 * for. PKIX alone accepts a CA certificate or one without extended key usage as a leaf.
 */
final class EndEntityRules {
  /** id-kp-serverAuth: what a client requires of the server it dials. */
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** id-kp-clientAuth: what a server requires of the clients it accepts. */
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;

  private final X509Certificate ca;

  EndEntityRules(X509Certificate ca) {
    this.ca = Objects.requireNonNull(ca, "ca");
  }

  /** Refuses {@code chain}'s leaf unless it is a peer certificate for {@code purpose}. */
  void check(X509Certificate[] chain, String purpose) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw refused("no peer certificate", CertificateVerifier.X509_V_ERR_UNSPECIFIED);
    }
    X509Certificate leaf = chain[0];
    String who = PeerText.quote(leaf.getSubjectX500Principal().getName());
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      throw refused(
          who + " is not issued directly by the network CA",
          CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }
    if (leaf.getExtensionValue(BASIC_CONSTRAINTS) == null || leaf.getBasicConstraints() != -1) {
      throw refused(
          who + " is not an end-entity certificate (basicConstraints CA:FALSE required)",
          CertificateVerifier.X509_V_ERR_INVALID_PURPOSE);
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage == null
        || !usage[DIGITAL_SIGNATURE]
        || (usage.length > KEY_CERT_SIGN && usage[KEY_CERT_SIGN])) {
      throw refused(
          who + " lacks keyUsage digitalSignature or may sign certificates",
          CertificateVerifier.X509_V_ERR_INVALID_PURPOSE);
    }
    List<String> purposes;
    try {
      purposes = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw refused(
          who + " has an unreadable extendedKeyUsage: " + e.getMessage(),
          CertificateVerifier.X509_V_ERR_INVALID_PURPOSE);
    }
    if (purposes == null || !purposes.contains(purpose)) {
      throw refused(
          who
              + " lacks extendedKeyUsage "
              + (SERVER_AUTH.equals(purpose) ? "serverAuth" : "clientAuth")
              + " for this connection",
          CertificateVerifier.X509_V_ERR_INVALID_PURPOSE);
    }
  }

  /**
   * A refusal that carries an X.509 verify error, so that the OpenSSL provider answers the
   * handshake with the matching alert (unsupported_certificate, unknown_ca) instead of
   * internal_error, which a plain CertificateException becomes there.
   */
  private static CertificateException refused(String message, int verifyError) {
    return new OpenSslCertificateException(message, verifyError);
  }
}
