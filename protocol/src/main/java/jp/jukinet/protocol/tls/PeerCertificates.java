package jp.jukinet.protocol.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import jp.jukinet.protocol.pki.PeerId;

/**
 * Reads a peer's identity from its certificate. Every jukinet certificate's subject is
 * {@code CN=<code>, OU=<role word>, O=jukinet} (role words as in {@link PeerId#roleName}).
 */
public final class PeerCertificates {
  public static final String ORGANIZATION = "jukinet";

  private PeerCertificates() {}

  /** The X.500 subject for a peer's certificate. */
  public static String subjectFor(PeerId id) {
    return "CN=" + id.code() + ",OU=" + PeerId.roleName(id.role()) + ",O=" + ORGANIZATION;
  }

  /** The peer named by a certificate; IllegalArgumentException when the subject is not a jukinet one. */
  public static PeerId peerId(X509Certificate cert) {
    String subject = cert.getSubjectX500Principal().getName();
    String cn = null;
    String ou = null;
    String o = null;
    try {
      for (Rdn rdn : new LdapName(subject).getRdns()) {
        switch (rdn.getType().toUpperCase(Locale.ROOT)) {
          case "CN" -> cn = rdn.getValue().toString();
          case "OU" -> ou = rdn.getValue().toString();
          case "O" -> o = rdn.getValue().toString();
          default -> { }
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("certificate subject '" + subject + "' is not a valid X.500 name", e);
    }
    if (!ORGANIZATION.equals(o) || cn == null || ou == null) {
      throw new IllegalArgumentException("certificate subject '" + subject + "' is not a jukinet subject (CN=<code>,OU=<role>,O=jukinet)");
    }
    return new PeerId(PeerId.roleOf(ou), cn);
  }

  /** The verified leaf certificate of the peer in a TLS session. */
  public static X509Certificate peerCertificate(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] chain = session.getPeerCertificates();
    return (X509Certificate) chain[0];
  }

  /** The subject of the peer's certificate for logs, or a placeholder when there is none. */
  public static String subjectForLog(SSLSession session) {
    try {
      return peerCertificate(session).getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return "(no verified peer certificate)";
    }
  }
}
