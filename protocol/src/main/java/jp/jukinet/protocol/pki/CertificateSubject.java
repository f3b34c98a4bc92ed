package jp.jukinet.protocol.pki;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import jp.jukinet.protocol.wire.PeerText;

/**
 * The subject of every jukinet certificate: {@code CN=<code>, OU=<role word>, O=jukinet} (role
 * words as in {@link PeerId#roleName}). The CA writes it; TLS and the transport read the peer from
 * it.
 */
public final class CertificateSubject {
  public static final String ORGANIZATION = "jukinet";
  private static final Set<String> ATTRIBUTES = Set.of("CN", "OU", "O");

  private CertificateSubject() {}

  /** The X.500 subject for a peer's certificate. */
  public static String of(PeerId id) {
    return "CN=" + id.code() + ",OU=" + PeerId.roleName(id.role()) + ",O=" + ORGANIZATION;
  }

  /**
   * The peer named by a certificate; IllegalArgumentException when the subject is not exactly
   * {@code CN=<code>,OU=<role>,O=jukinet}: any other attribute, a missing or repeated one, or a
   * multi-valued RDN names no peer.
   */
  public static PeerId peerId(X509Certificate cert) {
    String subject = cert.getSubjectX500Principal().getName();
    Map<String, String> values = new HashMap<>();
    try {
      List<Rdn> rdns = new LdapName(subject).getRdns();
      for (Rdn rdn : rdns) {
        String type = rdn.getType().toUpperCase(Locale.ROOT);
        if (rdn.size() != 1
            || !ATTRIBUTES.contains(type)
            || values.put(type, rdn.getValue().toString()) != null) {
          throw notJukinet(subject);
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException(
          "certificate subject " + PeerText.quote(subject) + " is not a valid X.500 name", e);
    }
    if (values.size() != ATTRIBUTES.size() || !ORGANIZATION.equals(values.get("O"))) {
      throw notJukinet(subject);
    }
    return new PeerId(PeerId.roleOf(values.get("OU")), values.get("CN"));
  }

  private static IllegalArgumentException notJukinet(String subject) {
    return new IllegalArgumentException(
        "certificate subject "
            + PeerText.quote(subject)
            + " is not a jukinet subject (exactly CN=<code>,OU=<role>,O=jukinet)");
  }
}
