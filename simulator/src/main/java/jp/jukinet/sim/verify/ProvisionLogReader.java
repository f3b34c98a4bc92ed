package jp.jukinet.sim.verify;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.pki.PkiException;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionLogRequest;
import jp.jukinet.protocol.provision.LogVerifier;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.Fanout;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * Reads a server's provision log as the monitor, page by page from the start ({@code
 * provision_log_request}), through a {@link LogVerifier} holding only the node's public key: what
 * {@code jukinet verify-log} does.
 */
public final class ProvisionLogReader {
  /** Entries per page asked for (the server shortens pages to fit a frame). */
  public static final int PAGE = 5_000;

  private final NodeConnections connections;
  private final Duration timeout;

  /**
   * @param timeout the deadline of a whole read, every page
   */
  public ProvisionLogReader(NodeConnections connections, Duration timeout) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * {@code node}'s certificate in the run's PKI, checked against the network's CA: whose key
   * verifies its log's seals.
   */
  public static X509Certificate certificate(Path pkiDir, PeerId node) throws VerifyException {
    try {
      X509Certificate ca = PemFiles.readCertificate(pkiDir.resolve("ca.pem"));
      X509Certificate cert =
          PemFiles.readCertificate(pkiDir.resolve("nodes").resolve(node.name() + ".pem"));
      cert.verify(ca.getPublicKey());
      return cert;
    } catch (PkiException e) {
      throw new VerifyException(e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new VerifyException(
          node + "'s certificate in " + pkiDir + " is not issued by its CA: " + e.getMessage(), e);
    }
  }

  /** Verifies {@code node}'s whole log with {@code key}, its certificate's public key. */
  public LogVerifier.Result verify(PeerId node, InetSocketAddress address, PublicKey key)
      throws VerifyException, InterruptedException {
    Deadline deadline = Deadline.in(timeout);
    LogVerifier verifier = new LogVerifier(key);
    long after = 0;
    while (true) {
      ProvisionLogPage page = page(node, address, after, deadline);
      verifier.accept(page);
      if (page.getEntriesCount() == 0 || !page.getMore()) {
        return verifier.finish();
      }
      after = page.getEntries(page.getEntriesCount() - 1).getSequence();
    }
  }

  private ProvisionLogPage page(PeerId node, InetSocketAddress address, long after, Deadline d)
      throws VerifyException, InterruptedException {
    Envelope.Builder request =
        Envelope.newBuilder()
            .setProvisionLogRequest(
                ProvisionLogRequest.newBuilder().setAfterSequence(after).setLimit(PAGE));
    Envelope resp;
    try {
      resp =
          connections
              .request(node, address, request, d.remaining())
              .get(d.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new VerifyException(node + " at " + address + ": " + Fanout.describe(e), e.getCause());
    } catch (TimeoutException e) {
      throw new VerifyException(node + " at " + address + ": no answer within " + d.describe(), e);
    }
    if (!resp.hasProvisionLogPage()) {
      throw new VerifyException(
          node + " answered " + resp.getBodyCase() + " to provision_log_request");
    }
    return resp.getProvisionLogPage();
  }
}
