package jp.jukinet.protocol.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk PKI: files openssl accepts, idempotent init, revocation, listing, clear errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkPkiIT {
  static final PeerId NS = PeerId.national();
  static final PeerId PREF = PeerId.prefecture("190004");
  static final PeerId CS = PeerId.cs("192015");
  static final PeerId OP = new PeerId(NodeRole.NODE_ROLE_OPERATOR, "192015-01");
  static final List<PeerId> ALL = List.of(NS, PREF, CS, OP);

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("pki");
  }

  /** Runs the real openssl binary; returns exit code and output. */
  private static Result openssl(Path workDir, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl did not finish");
    return new Result(p.exitValue(), out);
  }

  record Result(int code, String output) {}

  private static boolean opensslInstalled() {
    try {
      return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void caAndLeavesPassOpensslVerifyAndCrlCheckHonoursRevocation() throws Exception {
    assumeTrue(opensslInstalled(), "the openssl binary is not installed");
    NetworkPki pki = NetworkPki.init(dir(), ALL, Duration.ofDays(30));
    Path d = dir();
    Result ca = openssl(d, "verify", "-CAfile", "ca.pem", "ca.pem");
    assertEquals(0, ca.code(), ca.output());
    for (PeerId p : ALL) {
      String leaf = "nodes/" + p.name() + ".pem";
      Result r = openssl(d, "verify", "-CAfile", "ca.pem", leaf);
      assertEquals(0, r.code(), r.output());
      Result crl =
          openssl(d, "verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", leaf);
      assertEquals(0, crl.code(), crl.output());
    }
    // the key files are PKCS#8 that openssl reads and that match their certificates
    Result key = openssl(d, "pkey", "-in", "nodes/cs-192015.key", "-pubout");
    Result cert = openssl(d, "x509", "-in", "nodes/cs-192015.pem", "-noout", "-pubkey");
    assertEquals(0, key.code(), key.output());
    assertEquals(key.output(), cert.output());

    pki.revoke(CS);
    Result revoked =
        openssl(
            d,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "crl.pem",
            "nodes/cs-192015.pem");
    assertNotEquals(0, revoked.code(), revoked.output());
    assertTrue(revoked.output().contains("revoked"), revoked.output());
    Result other =
        openssl(
            d,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "crl.pem",
            "nodes/pref-190004.pem");
    assertEquals(0, other.code(), other.output());
    Result crlText = openssl(d, "crl", "-in", "crl.pem", "-noout", "-text");
    assertTrue(crlText.output().contains("X509v3 CRL Number"), crlText.output());
    assertTrue(crlText.output().contains("X509v3 Authority Key Identifier"), crlText.output());
  }

  @Test
  void certificatesCarryTheAgreedExtensionsAndSubject() throws Exception {
    NetworkPki pki = NetworkPki.init(dir(), ALL, Duration.ofDays(30));
    X509Certificate ca = PemFiles.readCertificate(pki.caFile());
    X509Certificate leaf = PemFiles.readCertificate(pki.certFile(CS));
    assertTrue(ca.getBasicConstraints() >= 0, "CA is a CA");
    assertTrue(ca.getCriticalExtensionOIDs().containsAll(List.of("2.5.29.19", "2.5.29.15")));
    assertTrue(ca.getKeyUsage()[5] && ca.getKeyUsage()[6], "keyCertSign and cRLSign");
    assertEquals(-1, leaf.getBasicConstraints(), "leaf is not a CA");
    assertEquals(ca.getSubjectX500Principal(), leaf.getIssuerX500Principal());
    assertEquals("CN=192015,OU=cs,O=jukinet", leaf.getSubjectX500Principal().getName());
    assertTrue(
        leaf.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
    assertEquals("SHA256withECDSA", leaf.getSigAlgName());
    assertTrue(
        leaf.getSerialNumber().signum() > 0 && leaf.getSerialNumber().toByteArray().length <= 20);
    List<String> sans = new ArrayList<>();
    leaf.getSubjectAlternativeNames().forEach(san -> sans.add(String.valueOf(san.get(1))));
    assertEquals(List.of("localhost", "127.0.0.1", "cs-192015"), sans);
    assertTrue(leaf.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(29))));
    assertTrue(leaf.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(31))));
    for (Path key : List.of(pki.keyFile(CS), dir().resolve("ca.key"))) {
      assertTrue(
          Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), key + " is PKCS#8");
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(key)),
          key + " mode");
    }
  }

  @Test
  void initIsIdempotentAndIssuesOnlyWhatIsMissing() throws Exception {
    NetworkPki.init(dir(), List.of(NS, PREF), Duration.ofDays(30));
    byte[] ca = Files.readAllBytes(dir().resolve("ca.pem"));
    byte[] pref = Files.readAllBytes(dir().resolve("nodes/pref-190004.pem"));
    NetworkPki.open(dir()).revoke(PREF);
    byte[] crl = Files.readAllBytes(dir().resolve("crl.pem"));

    NetworkPki again = NetworkPki.init(dir(), List.of(NS, PREF, CS), Duration.ofDays(30));
    assertArrayEquals(ca, Files.readAllBytes(dir().resolve("ca.pem")), "CA kept");
    assertArrayEquals(
        pref, Files.readAllBytes(dir().resolve("nodes/pref-190004.pem")), "existing leaf kept");
    assertArrayEquals(
        crl, Files.readAllBytes(dir().resolve("crl.pem")), "CRL (with its revocation) kept");
    assertEquals(
        List.of("cs-192015", "national", "pref-190004"),
        again.list().stream().map(CertificateEntry::name).toList());
  }

  @Test
  void listShowsRolesCodesSerialsAndRevocation() {
    NetworkPki pki = NetworkPki.init(dir(), ALL, Duration.ofDays(30));
    pki.revoke(OP);
    pki.revoke(OP); // again: no change, no error
    List<CertificateEntry> entries = pki.list();
    assertEquals(4, entries.size());
    CertificateEntry op =
        entries.stream().filter(e -> e.peer().equals(OP)).findFirst().orElseThrow();
    assertEquals("op", op.role());
    assertEquals("192015-01", op.code());
    assertTrue(op.revoked());
    assertEquals(
        PemFiles.readCertificate(pki.certFile(OP)).getSerialNumber(),
        new BigInteger(op.serialHex(), 16));
    CertificateEntry cs =
        entries.stream().filter(e -> e.peer().equals(CS)).findFirst().orElseThrow();
    assertEquals("cs", cs.role());
    assertFalse(cs.revoked());
    X509CRL crl = PemFiles.readCrl(pki.crlFile());
    assertEquals(1, crl.getRevokedCertificates().size());
    assertEquals(
        BigInteger.TWO, CertificateAuthority.crlNumber(crl), "one revocation: CRL number 1 -> 2");
  }

  @Test
  void errorsNameTheFileAndTheProblem() throws Exception {
    NetworkPki pki = NetworkPki.init(dir(), List.of(CS), Duration.ofDays(30));

    PkiException unknown = assertThrows(PkiException.class, () -> pki.revoke(PREF));
    assertTrue(unknown.getMessage().contains("unknown peer pref-190004"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("pref-190004.pem"), unknown.getMessage());

    Files.writeString(dir().resolve("nodes/cs-192015.key"), "not a key\n");
    PkiException badKey =
        assertThrows(
            PkiException.class,
            () -> PemFiles.readPrivateKey(dir().resolve("nodes/cs-192015.key")));
    assertTrue(
        badKey.getMessage().startsWith(dir().resolve("nodes/cs-192015.key").toString()),
        badKey.getMessage());

    Files.delete(dir().resolve("ca.key"));
    PkiException noKey = assertThrows(PkiException.class, () -> NetworkPki.open(dir()));
    assertTrue(
        noKey.getMessage().contains("ca.key") && noKey.getMessage().contains("missing"),
        noKey.getMessage());
    PkiException initNoKey =
        assertThrows(
            PkiException.class, () -> NetworkPki.init(dir(), List.of(CS), Duration.ofDays(30)));
    assertTrue(initNoKey.getMessage().contains("ca.key"), initNoKey.getMessage());

    PkiException noDir =
        assertThrows(PkiException.class, () -> NetworkPki.open(tmp.resolve("nowhere")));
    assertTrue(noDir.getMessage().contains("nowhere"), noDir.getMessage());
  }

  @Test
  void caKeyThatDoesNotMatchTheCertificateIsRejected() {
    NetworkPki.init(dir(), List.of(CS), Duration.ofDays(30));
    NetworkPki.init(tmp.resolve("other"), List.of(CS), Duration.ofDays(30));
    PemFiles.writePrivateKey(
        dir().resolve("ca.key"), PemFiles.readPrivateKey(tmp.resolve("other/ca.key")));
    PkiException e = assertThrows(PkiException.class, () -> NetworkPki.open(dir()));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }
}
