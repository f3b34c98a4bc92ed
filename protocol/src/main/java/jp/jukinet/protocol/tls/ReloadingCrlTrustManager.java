package jp.jukinet.protocol.tls;

import io.netty.handler.ssl.ResumableX509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.pki.PkiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts peers whose certificate chains to the network CA, is not on the CRL, and is an end-entity
 * certificate for the purpose it is presented for ({@link EndEntityRules}). PKIX with revocation
 * enabled and a local Collection CertStore holding the CRL (no global security properties, no CRL
 * distribution points, no OCSP).
 *
 * <p>At each handshake the CRL file's mtime, size and file key are compared with the loaded one;
 * when they differ the CRL is re-read and the PKIX delegate rebuilt, so a revocation holds from the
 * next handshake on. Fails closed: a missing, unreadable or foreign-signed CRL, or a stale one
 * (nextUpdate passed), refuses every peer with a logged reason instead of silently skipping
 * revocation. (Left to the JDK a stale CRL fails with the vague "could not determine revocation
 * status"; here the message names the file and the date.)
 *
 * <p>Resumed sessions: Netty calls {@link #resumeClientTrusted}/{@link #resumeServerTrusted} when a
 * handshake resumes a session, and the chain is checked again against the current CRL, so a revoked
 * peer cannot get back in with a cached session.
 */
public final class ReloadingCrlTrustManager extends X509ExtendedTrustManager
    implements ResumableX509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingCrlTrustManager.class);

  private final String nodeName;
  private final X509Certificate ca;
  private final EndEntityRules endEntity;
  private final Path crlFile;
  private final Clock clock;
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong resumedChecks = new AtomicLong();
  private Loaded loaded; // guarded by this
  private volatile ClientRefusalListener clientRefusals = (leaf, why) -> {};

  /** Told of every client certificate refused, with the reason, before the handshake fails. */
  @FunctionalInterface
  public interface ClientRefusalListener {
    /** Called on the handshaking thread: must not block. */
    void refused(X509Certificate leaf, CertificateException why);
  }

  /**
   * Step that checks a client chain, as the four client checks differ only in the delegate call.
   */
  @FunctionalInterface
  private interface ClientCheck {
    void check() throws CertificateException;
  }

  private record Stamp(FileTime modified, long size, Object fileKey) {}

  private record Loaded(
      Stamp stamp, X509CRL crl, X509ExtendedTrustManager delegate, boolean staleLogged) {}

  public ReloadingCrlTrustManager(String nodeName, X509Certificate ca, Path crlFile, Clock clock) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.ca = Objects.requireNonNull(ca, "ca");
    this.endEntity = new EndEntityRules(ca);
    this.crlFile = Objects.requireNonNull(crlFile, "crlFile");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Sets who is told of refused client certificates (e.g. a server's security log); one listener.
   */
  public void onClientRefused(ClientRefusalListener listener) {
    this.clientRefusals = Objects.requireNonNull(listener, "listener");
  }

  private void checkClient(X509Certificate[] chain, ClientCheck delegate)
      throws CertificateException {
    try {
      endEntity.check(chain, EndEntityRules.CLIENT_AUTH);
      delegate.check();
    } catch (CertificateException e) {
      if (chain != null && chain.length > 0) {
        clientRefusals.refused(chain[0], e);
      }
      throw e;
    }
  }

  /** How many times the CRL has been (re)loaded; for tests and status. */
  public long reloads() {
    return reloads.get();
  }

  /** How many resumed handshakes had their peer chain checked again. */
  public long resumedChecks() {
    return resumedChecks.get();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClient(chain, () -> current(chain).checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    endEntity.check(chain, EndEntityRules.SERVER_AUTH);
    current(chain).checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClient(chain, () -> current(chain).checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    endEntity.check(chain, EndEntityRules.SERVER_AUTH);
    current(chain).checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkClient(chain, () -> current(chain).checkClientTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    endEntity.check(chain, EndEntityRules.SERVER_AUTH);
    current(chain).checkServerTrusted(chain, authType);
  }

  @Override
  public void resumeClientTrusted(X509Certificate[] chain, SSLEngine engine)
      throws CertificateException {
    resumedChecks.incrementAndGet();
    // After the handshake the engine has no handshake session, which the JDK's engine variant
    // requires; the chain check itself (path, validity, CRL, key usage) needs no engine.
    // TLS 1.3 has no key-exchange auth type: "UNKNOWN" is what the JDK uses for it.
    checkClient(chain, () -> current(chain).checkClientTrusted(chain, "UNKNOWN"));
  }

  @Override
  public void resumeServerTrusted(X509Certificate[] chain, SSLEngine engine)
      throws CertificateException {
    resumedChecks.incrementAndGet();
    endEntity.check(chain, EndEntityRules.SERVER_AUTH);
    current(chain).checkServerTrusted(chain, "UNKNOWN");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {ca};
  }

  /**
   * The CRL now on disk (re-read when its file changed), for checking open connections
   * (docs/protocol.md §4.7); empty when it cannot be used (missing, unreadable, foreign, stale),
   * which refuses handshakes but closes no open connection. Logs nothing beyond what a reload logs.
   */
  public synchronized Optional<X509CRL> currentCrl() {
    try {
      refresh(null, false);
      return Optional.of(loaded.crl());
    } catch (CertificateException e) {
      return Optional.empty();
    }
  }

  /** The delegate for the CRL now on disk, after refusing when that CRL cannot be used. */
  private synchronized X509ExtendedTrustManager current(X509Certificate[] chain)
      throws CertificateException {
    refresh(chain, true);
    return loaded.delegate();
  }

  /**
   * Re-reads the CRL when its file changed; throws, logging when {@code log}, when it cannot be
   * used.
   */
  private void refresh(X509Certificate[] chain, boolean log) throws CertificateException {
    Stamp stamp;
    try {
      BasicFileAttributes a = Files.readAttributes(crlFile, BasicFileAttributes.class);
      stamp = new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      throw refuse(chain, crlFile + ": CRL missing", log);
    } catch (IOException e) {
      throw refuse(chain, crlFile + ": CRL unreadable: " + e, log);
    }
    if (loaded == null || !loaded.stamp().equals(stamp)) {
      loaded = load(stamp, chain, log);
    }
    Instant next =
        loaded.crl().getNextUpdate() == null ? null : loaded.crl().getNextUpdate().toInstant();
    if (next != null && clock.instant().isAfter(next)) {
      String why =
          crlFile
              + ": CRL is stale (nextUpdate "
              + next
              + " has passed), so revocation cannot be"
              + " checked; renew it (NetworkPki.renewCrl)";
      if (log && !loaded.staleLogged()) {
        loaded = new Loaded(loaded.stamp(), loaded.crl(), loaded.delegate(), true);
        LOG.error("{}: {}; refusing every peer until then", nodeName, why);
      }
      throw new CertificateException(why + "; refusing " + subject(chain));
    }
  }

  private Loaded load(Stamp stamp, X509Certificate[] chain, boolean log)
      throws CertificateException {
    X509CRL crl;
    try {
      crl = PemFiles.readCrl(crlFile);
    } catch (PkiException e) {
      throw refuse(chain, e.getMessage(), log);
    }
    try {
      crl.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw refuse(
          chain, crlFile + ": CRL is not signed by the network CA (" + e.getMessage() + ")", log);
    }
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      anchors.setCertificateEntry("jukinet-ca", ca);
      PKIXBuilderParameters pkix = new PKIXBuilderParameters(anchors, new X509CertSelector());
      pkix.setRevocationEnabled(true);
      pkix.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(new CertPathTrustManagerParameters(pkix));
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          reloads.incrementAndGet();
          int revoked =
              crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
          LOG.info(
              "{}: loaded CRL {} ({} revoked, next update {})",
              nodeName,
              crlFile,
              revoked,
              crl.getNextUpdate() == null ? "none" : crl.getNextUpdate().toInstant());
          return new Loaded(stamp, crl, x, false);
        }
      }
      throw new CertificateException(
          "the PKIX TrustManagerFactory returned no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw refuse(chain, "cannot build the PKIX trust manager: " + e, log);
    }
  }

  private CertificateException refuse(X509Certificate[] chain, String why, boolean log) {
    if (log) {
      LOG.error("{}: {}; refusing {}", nodeName, why, subject(chain));
    }
    return new CertificateException(why + "; refusing " + subject(chain));
  }

  private static String subject(X509Certificate[] chain) {
    return chain == null || chain.length == 0
        ? "a peer without certificate"
        : chain[0].getSubjectX500Principal().getName();
  }
}
