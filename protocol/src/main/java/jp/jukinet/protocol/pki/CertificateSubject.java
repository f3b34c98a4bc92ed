package jp.jukinet.protocol.pki;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The subject of every jukinet certificate: {@code CN=<code>, OU=<role word>, O=jukinet} (role
 * words as in {@link PeerId#roleName}). The CA writes it; TLS and the transport read the peer from it.
 */
public final class CertificateSubject {
  public static final String ORGANIZATION = "jukinet";

  private CertificateSubject() {}

  /** The X.500 subject for a peer's certificate. */
  public static String of(PeerId id) {
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
      throw new IllegalArgumentException(
          "certificate subject '" + subject + "' is not a jukinet subject (CN=<code>,OU=<role>,O=jukinet)");
    }
    return new PeerId(PeerId.roleOf(ou), cn);
  }
}
