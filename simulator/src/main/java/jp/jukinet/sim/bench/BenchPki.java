package jp.jukinet.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.tls.NodeTls;

/**
 * A throw-away network PKI for one benchmark run: the project's own CA, a server and a client
 * certificate, in a temporary directory that {@link #close} deletes. Benchmarks generate their keys
 * like the tests do; none is ever committed.
 */
public final class BenchPki implements AutoCloseable {
  private final Path dir;
  private final NetworkPki pki;
  private final PeerId server;
  private final PeerId client;

  private BenchPki(Path dir, NetworkPki pki, PeerId server, PeerId client) {
    this.dir = dir;
    this.pki = pki;
    this.server = server;
    this.client = client;
  }

  public static BenchPki create(PeerId server, PeerId client) throws IOException {
    Path dir = Files.createTempDirectory("jukinet-bench-pki");
    return new BenchPki(
        dir,
        NetworkPki.init(dir.resolve("pki"), List.of(server, client), Duration.ofDays(1)),
        server,
        client);
  }

  public PeerId server() {
    return server;
  }

  public PeerId client() {
    return client;
  }

  public NodeTls serverTls() {
    return NodeTls.load(pki.dir(), server);
  }

  public NodeTls clientTls() {
    return NodeTls.load(pki.dir(), client);
  }

  /** The network CA's certificate. */
  public X509Certificate caCertificate() {
    return PemFiles.readCertificate(pki.caFile());
  }

  public X509Certificate certificate(PeerId peer) {
    return PemFiles.readCertificate(pki.certFile(peer));
  }

  /** The private key of {@code peer}, for TLS stacks that take key and certificate themselves. */
  public PrivateKey privateKey(PeerId peer) {
    return PemFiles.readPrivateKey(pki.keyFile(peer));
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
