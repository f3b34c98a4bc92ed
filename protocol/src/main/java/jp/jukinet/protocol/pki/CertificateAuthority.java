package jp.jukinet.protocol.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import jp.jukinet.protocol.proto.NodeRole;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The network's root CA: an EC P-256 key and a self-signed certificate. Issues node certificates
 * (subject {@code CN=<code>,OU=<role>,O=jukinet}, see {@link CertificateSubject}) and signs CRLs.
 * Bouncy Castle does all the crypto; its provider is used as an object, never registered globally.
 * Thread-safe: {@link #issue} may be called from several threads.
 */
public final class CertificateAuthority {
  /** The CA's subject. */
  public static final String CA_SUBJECT =
      "CN=jukinet network CA,O=" + CertificateSubject.ORGANIZATION;

  private static final String SIGNATURE = "SHA256withECDSA";

  /** RFC 5280: serials are positive and at most 20 bytes; 159 random bits + 1 keeps both. */
  private static final int SERIAL_BITS = 159;

  private static final Provider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
  }

  /** Creates a new root CA valid over [notBefore, notAfter]. */
  public static CertificateAuthority create(Instant notBefore, Instant notAfter) {
    requireOrder(notBefore, notAfter);
    KeyPair keys = newKeyPair();
    X500Principal subject = new X500Principal(CA_SUBJECT);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              newSerial(),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keys.getPublic());
      // pathLen 0: the CA issues end-entity certificates only, never a CA under it.
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(sign(b.build(signer(keys.getPrivate()))), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new PkiException("cannot create the CA certificate: " + e.getMessage(), e);
    }
  }

  /** Loads a CA from its certificate and key files, checking that they belong together. */
  public static CertificateAuthority load(Path certFile, Path keyFile) {
    X509Certificate cert = PemFiles.readCertificate(certFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (cert.getBasicConstraints() < 0) {
      throw new PkiException(certFile + ": not a CA certificate (BasicConstraints cA is false)");
    }
    if (!keyMatches(cert, key)) {
      throw new PkiException(
          keyFile + ": CA private key does not match the public key in " + certFile);
    }
    return new CertificateAuthority(cert, key);
  }

  /** Writes the certificate (PEM) and key (PKCS#8 PEM, mode 0600). */
  public void save(Path certFile, Path keyFile) {
    PemFiles.writePrivateKey(keyFile, privateKey);
    PemFiles.writeCertificate(certFile, certificate);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues a peer certificate (docs/protocol.md §4.6): EC P-256 key, BasicConstraints CA:FALSE,
   * KeyUsage digitalSignature, the extended key usages of its role ({@link #keyPurposes}), SKI/AKI,
   * SAN DNS:localhost, IP:127.0.0.1 and DNS:<peer name>. Host names are not what identifies a peer
   * (see NodeTls); the SANs only keep ordinary TLS tools happy.
   */
  public IssuedCertificate issue(PeerId peer, Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(peer, "peer");
    requireOrder(notBefore, notAfter);
    KeyPair keys = newKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate.getSubjectX500Principal(),
              newSerial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Principal(CertificateSubject.of(peer)),
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(keyPurposes(peer.role())));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(
                    GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
                new GeneralName(GeneralName.dNSName, peer.name())
              }));
      return new IssuedCertificate(sign(b.build(signer(privateKey))), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new PkiException("cannot issue a certificate for " + peer + ": " + e.getMessage(), e);
    }
  }

  /**
   * The extended key usages a peer of {@code role} gets: serverAuth for a peer that listens,
   * clientAuth for one that dials, exactly what the role needs.
   */
  static KeyPurposeId[] keyPurposes(NodeRole role) {
    return switch (role) {
      case NODE_ROLE_NATIONAL -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
      case NODE_ROLE_PREFECTURE, NODE_ROLE_CS ->
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
      case NODE_ROLE_AGENCY, NODE_ROLE_OPERATOR, NODE_ROLE_PREF_TERMINAL, NODE_ROLE_MONITOR ->
          new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
      default -> throw new IllegalArgumentException("no certificate for role " + role);
    };
  }

  /**
   * Signs a CRL listing {@code revoked} (serial and revocation time), with a CRL number and the
   * CA's key identifier; {@code openssl verify -crl_check} needs both and the CA's cRLSign usage.
   */
  public X509CRL signCrl(
      Collection<RevokedSerial> revoked,
      BigInteger crlNumber,
      Instant thisUpdate,
      Instant nextUpdate) {
    requireOrder(thisUpdate, nextUpdate);
    try {
      JcaX509v2CRLBuilder b =
          new JcaX509v2CRLBuilder(certificate.getSubjectX500Principal(), Date.from(thisUpdate));
      b.setNextUpdate(Date.from(nextUpdate));
      for (RevokedSerial r : revoked) {
        b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), CRLReason.cessationOfOperation);
      }
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new JcaX509CRLConverter().getCRL(b.build(signer(privateKey)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new PkiException("cannot sign the CRL: " + e.getMessage(), e);
    }
  }

  /** Reads the CRL number of a CRL (0 when absent). */
  public static BigInteger crlNumber(X509CRL crl) {
    try {
      Extension e = new JcaX509CRLHolder(crl).getExtension(Extension.cRLNumber);
      return e == null ? BigInteger.ZERO : CRLNumber.getInstance(e.getParsedValue()).getCRLNumber();
    } catch (CRLException ex) {
      throw new PkiException("unreadable CRL: " + ex.getMessage(), ex);
    }
  }

  /** A serial number on a CRL and when it was revoked. */
  public record RevokedSerial(BigInteger serial, Instant revokedAt) {
    public RevokedSerial {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(revokedAt, "revokedAt");
    }
  }

  private static boolean keyMatches(X509Certificate cert, PrivateKey key) {
    try {
      byte[] probe = "jukinet key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(SIGNATURE, BC);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(SIGNATURE, BC);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** True when {@code key} is the private half of {@code cert}'s public key. */
  public static boolean matches(X509Certificate cert, PrivateKey key) {
    return keyMatches(cert, key);
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot generate an EC P-256 key: " + e.getMessage(), e);
    }
  }

  private static BigInteger newSerial() {
    return new BigInteger(SERIAL_BITS, RANDOM).add(BigInteger.ONE);
  }

  private static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(SIGNATURE).setProvider(BC).build(key);
    } catch (OperatorCreationException e) {
      throw new PkiException("cannot create a " + SIGNATURE + " signer: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509CertificateHolder holder)
      throws GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static void requireOrder(Instant from, Instant to) {
    Objects.requireNonNull(from, "notBefore");
    Objects.requireNonNull(to, "notAfter");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "validity start " + from + " must be before its end " + to);
    }
  }
}
