package jp.jukinet.protocol.pki;

import java.time.Instant;
import java.util.Objects;

/** One node certificate of a {@link NetworkPki}, as listed by {@link NetworkPki#list()}. */
public record CertificateEntry(PeerId peer, String serialHex, Instant notAfter, boolean revoked) {
  public CertificateEntry {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(serialHex, "serialHex");
    Objects.requireNonNull(notAfter, "notAfter");
  }

  public String name() {
    return peer.name();
  }

  /** The role word (national, pref, cs, agency, op, term, monitor). */
  public String role() {
    return PeerId.roleName(peer.role());
  }

  public String code() {
    return peer.code();
  }
}
