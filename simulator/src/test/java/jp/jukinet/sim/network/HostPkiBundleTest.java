package jp.jukinet.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.sim.testing.TestTopologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One host's share of the PKI: exactly what its nodes need, and an import that trusts nothing. */
@Timeout(60)
class HostPkiBundleTest {
  private static final Topology TWO_HOSTS = TestTopologies.load(TestTopologies.TWO_HOSTS);

  @TempDir Path tmp;

  @Test
  void exportPacksTheHostsNodesTheMonitorTheCaCertAndCrlOnly() throws IOException {
    Path pki = tmp.resolve("a/pki");
    NetworkPki.init(pki, TWO_HOSTS.allSubjects(), Duration.ofDays(1));
    Path zip = tmp.resolve("b.zip");
    List<String> entries = HostPkiBundle.export(pki, TWO_HOSTS, "10.0.0.2", zip);
    assertEquals(
        List.of(
            "ca.pem",
            "crl.pem",
            "nodes/cs-192015.pem",
            "nodes/cs-192015.key",
            "nodes/cs-192023.pem",
            "nodes/cs-192023.key",
            "nodes/monitor-01.pem",
            "nodes/monitor-01.key"),
        entries);

    Path b = tmp.resolve("b/pki");
    assertEquals(entries, HostPkiBundle.importInto(zip, b));
    assertFalse(Files.exists(b.resolve("ca.key")), "never the CA's key");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(b.resolve("nodes/cs-192015.key"))));
    NodeTls.load(b, PeerId.parse("cs-192015")); // a node of host b starts from it
    // Again into the same network's PKI: fine (a newer CRL, say).
    HostPkiBundle.importInto(zip, b);
  }

  @Test
  void importRefusesAnotherNetworksPkiAndForeignEntries() throws IOException {
    Path pki = tmp.resolve("a/pki");
    NetworkPki.init(pki, TWO_HOSTS.allSubjects(), Duration.ofDays(1));
    Path zip = tmp.resolve("b.zip");
    HostPkiBundle.export(pki, TWO_HOSTS, "10.0.0.2", zip);
    Path other = tmp.resolve("other/pki");
    NetworkPki.init(other, TWO_HOSTS.allSubjects(), Duration.ofDays(1));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> HostPkiBundle.importInto(zip, other));
    assertTrue(e.getMessage().contains("another network"), e.getMessage());

    Path evil = tmp.resolve("evil.zip");
    try (OutputStream os = Files.newOutputStream(evil);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (String name : List.of("ca.pem", "crl.pem", "../../outside.pem")) {
        z.putNextEntry(new ZipEntry(name));
        z.write("x".getBytes());
        z.closeEntry();
      }
    }
    Path target = tmp.resolve("c/pki");
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> HostPkiBundle.importInto(evil, target));
    assertTrue(bad.getMessage().contains("unexpected entry '../../outside.pem'"), bad.getMessage());
    assertFalse(Files.exists(target), "nothing written");
    assertFalse(Files.exists(tmp.resolve("outside.pem")));

    assertThrows(
        IllegalArgumentException.class,
        () -> HostPkiBundle.export(pki, TWO_HOSTS, "10.0.0.9", tmp.resolve("x.zip")));
  }
}
