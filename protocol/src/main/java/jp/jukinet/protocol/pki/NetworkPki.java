package jp.jukinet.protocol.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk PKI of one network:
 *
 * <pre>
 *   &lt;dir&gt;/ca.pem, ca.key        root CA certificate and key (PKCS#8, 0600)
 *   &lt;dir&gt;/crl.pem              the CRL nodes re-read on their next handshake
 *   &lt;dir&gt;/nodes/&lt;name&gt;.pem     node certificate (name as in {@link PeerId#name()})
 *   &lt;dir&gt;/nodes/&lt;name&gt;.key     node key (PKCS#8, 0600)
 * </pre>
 *
 * The CRL is the record of revocations: revoking re-signs it with the old entries plus the new
 * serial, an incremented CRL number and a fresh nextUpdate, and renames it into place. Methods that
 * change files are synchronized; separate processes must not change one PKI at once.
 */
public final class NetworkPki {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkPki.class);

  /**
   * How long a written CRL stays current: long, because the simulator has no CRL publishing job.
   */
  public static final Duration CRL_VALIDITY = Duration.ofDays(3650);

  /**
   * Certificates start a little in the past so clocks of separate processes need not agree exactly.
   */
  static final Duration BACKDATE = Duration.ofHours(1);

  private static final Duration MIN_CA_VALIDITY = Duration.ofDays(3650);

  private final Path dir;
  private final CertificateAuthority ca;
  private final Clock clock;
  private final String logName;

  private NetworkPki(Path dir, CertificateAuthority ca, Clock clock) {
    this.dir = dir;
    this.ca = ca;
    this.clock = clock;
    this.logName = "pki " + dir;
  }

  /** As {@link #init(Path, Collection, Duration, Clock)} with the system clock. */
  public static NetworkPki init(Path dir, Collection<PeerId> subjects, Duration validity) {
    return init(dir, subjects, validity, Clock.systemUTC());
  }

  /**
   * Creates what is missing: the CA, a certificate and key for every subject (valid for {@code
   * validity} from now), and an empty CRL. Idempotent: existing files are kept. A new CA means
   * every subject's certificate is re-issued (old ones would not chain to it).
   */
  public static NetworkPki init(
      Path dir, Collection<PeerId> subjects, Duration validity, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(subjects, "subjects");
    Objects.requireNonNull(clock, "clock");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("certificate validity " + validity + " must be positive");
    }
    Instant now = clock.instant();
    Path caPem = dir.resolve("ca.pem");
    Path caKey = dir.resolve("ca.key");
    boolean newCa = false;
    CertificateAuthority ca;
    if (!Files.exists(caPem) && !Files.exists(caKey)) {
      Duration caValidity =
          validity.compareTo(MIN_CA_VALIDITY) > 0
              ? validity.plus(Duration.ofDays(1))
              : MIN_CA_VALIDITY;
      ca = CertificateAuthority.create(now.minus(BACKDATE), now.plus(caValidity));
      ca.save(caPem, caKey);
      newCa = true;
      LOG.info("{}: created the network CA", "pki " + dir);
    } else if (!Files.exists(caPem)) {
      throw new PkiException(
          caPem
              + ": missing, but "
              + caKey
              + " exists (restore the CA certificate or remove both)");
    } else if (!Files.exists(caKey)) {
      throw new PkiException(
          caKey + ": missing, but " + caPem + " exists (restore the CA key or remove both)");
    } else {
      ca = CertificateAuthority.load(caPem, caKey);
    }
    NetworkPki pki = new NetworkPki(dir, ca, clock);
    if (newCa || !Files.exists(pki.crlFile())) {
      pki.writeCrl(List.of(), BigInteger.ONE);
    }
    pki.issueMissing(new LinkedHashSet<>(subjects), now.minus(BACKDATE), now.plus(validity), newCa);
    return pki;
  }

  /** Opens an existing PKI; fails naming the file when the CA or CRL is missing or unreadable. */
  public static NetworkPki open(Path dir) {
    return open(dir, Clock.systemUTC());
  }

  public static NetworkPki open(Path dir, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new PkiException(dir + ": not a PKI directory (missing; create it with init)");
    }
    NetworkPki pki =
        new NetworkPki(
            dir, CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key")), clock);
    PemFiles.readCrl(
        pki.crlFile()); // fail now, naming the file, rather than at the first handshake
    return pki;
  }

  public Path dir() {
    return dir;
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  public Path crlFile() {
    return dir.resolve("crl.pem");
  }

  public Path certFile(PeerId peer) {
    return dir.resolve("nodes").resolve(peer.name() + ".pem");
  }

  public Path keyFile(PeerId peer) {
    return dir.resolve("nodes").resolve(peer.name() + ".key");
  }

  public CertificateAuthority ca() {
    return ca;
  }

  /**
   * Issues a certificate that is not stored under nodes/ (special cases: expired, short-lived…).
   */
  public IssuedCertificate issue(PeerId peer, Instant notBefore, Instant notAfter) {
    return ca.issue(peer, notBefore, notAfter);
  }

  /**
   * Revokes the certificate in {@code nodes/<peer>.pem}: its serial is added to the CRL, which
   * nodes honour on their next handshake. Revoking an already revoked peer changes nothing.
   */
  public synchronized void revoke(PeerId peer) {
    Path certFile = certFile(peer);
    if (!Files.exists(certFile)) {
      throw new PkiException(
          "cannot revoke unknown peer " + peer + ": " + certFile + " is missing");
    }
    X509Certificate cert = PemFiles.readCertificate(certFile);
    revokeSerial(cert.getSerialNumber(), peer.name());
  }

  /** Revokes a certificate by serial (for certificates issued with {@link #issue}). */
  public synchronized void revoke(X509Certificate cert) {
    revokeSerial(cert.getSerialNumber(), cert.getSubjectX500Principal().getName());
  }

  private void revokeSerial(BigInteger serial, String what) {
    X509CRL current = PemFiles.readCrl(crlFile());
    List<CertificateAuthority.RevokedSerial> entries = revokedEntries(current);
    if (entries.stream().anyMatch(e -> e.serial().equals(serial))) {
      LOG.info("{}: {} (serial {}) is already revoked", logName, what, hex(serial));
      return;
    }
    entries.add(new CertificateAuthority.RevokedSerial(serial, clock.instant()));
    writeCrl(entries, CertificateAuthority.crlNumber(current).add(BigInteger.ONE));
    LOG.info("{}: revoked {} (serial {})", logName, what, hex(serial));
  }

  /**
   * Re-signs the CRL with the same entries and a fresh nextUpdate (a stale CRL refuses every peer).
   */
  public synchronized void renewCrl() {
    X509CRL current = PemFiles.readCrl(crlFile());
    writeCrl(revokedEntries(current), CertificateAuthority.crlNumber(current).add(BigInteger.ONE));
  }

  /** Every node certificate under nodes/, by name, with its serial, expiry and revocation. */
  public List<CertificateEntry> list() {
    Set<BigInteger> revoked = new HashSet<>();
    revokedEntries(PemFiles.readCrl(crlFile())).forEach(e -> revoked.add(e.serial()));
    List<CertificateEntry> out = new ArrayList<>();
    Path nodes = dir.resolve("nodes");
    if (!Files.isDirectory(nodes)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(nodes, "*.pem")) {
      for (Path f : files) {
        X509Certificate cert = PemFiles.readCertificate(f);
        PeerId peer;
        try {
          peer = CertificateSubject.peerId(cert);
        } catch (IllegalArgumentException e) {
          throw new PkiException(f + ": " + e.getMessage(), e);
        }
        out.add(
            new CertificateEntry(
                peer,
                hex(cert.getSerialNumber()),
                cert.getNotAfter().toInstant(),
                revoked.contains(cert.getSerialNumber())));
      }
    } catch (IOException e) {
      throw new PkiException(nodes + ": cannot list: " + e, e);
    }
    out.sort(Comparator.comparing(CertificateEntry::name));
    return out;
  }

  static String hex(BigInteger serial) {
    return HexFormat.of().formatHex(serial.toByteArray()).replaceFirst("^(00)+(?=.)", "");
  }

  private static List<CertificateAuthority.RevokedSerial> revokedEntries(X509CRL crl) {
    List<CertificateAuthority.RevokedSerial> out = new ArrayList<>();
    Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
    if (entries != null) {
      for (X509CRLEntry e : entries) {
        out.add(
            new CertificateAuthority.RevokedSerial(
                e.getSerialNumber(), e.getRevocationDate().toInstant()));
      }
    }
    return out;
  }

  private void writeCrl(List<CertificateAuthority.RevokedSerial> entries, BigInteger number) {
    Instant now = clock.instant();
    PemFiles.writeCrl(
        crlFile(), ca.signCrl(entries, number, now.minus(BACKDATE), now.plus(CRL_VALIDITY)));
  }

  private void issueMissing(
      Set<PeerId> subjects, Instant notBefore, Instant notAfter, boolean reissueAll) {
    List<PeerId> todo = new ArrayList<>();
    for (PeerId p : subjects) {
      boolean hasCert = Files.exists(certFile(p));
      boolean hasKey = Files.exists(keyFile(p));
      if (reissueAll || !hasCert || !hasKey) {
        if (hasCert != hasKey) {
          LOG.warn(
              "{}: {} has only one of {} and {}; issuing a new pair",
              logName,
              p,
              certFile(p).getFileName(),
              keyFile(p).getFileName());
        }
        todo.add(p);
      }
    }
    if (todo.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    int threads =
        Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), todo.size() / 64 + 1));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "pki-issue");
              t.setDaemon(true);
              return t;
            });
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> parts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        parts.add(
            pool.submit(
                () -> {
                  for (int k = next.getAndIncrement();
                      k < todo.size();
                      k = next.getAndIncrement()) {
                    PeerId p = todo.get(k);
                    ca.issue(p, notBefore, notAfter).writeTo(certFile(p), keyFile(p));
                  }
                  return null;
                }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new PkiException("issuing certificates failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PkiException("interrupted while issuing certificates", e);
    } finally {
      pool.shutdownNow();
    }
    LOG.info(
        "{}: issued {} certificates in {} ms ({} threads)",
        logName,
        todo.size(),
        (System.nanoTime() - start) / 1_000_000,
        threads);
  }
}
