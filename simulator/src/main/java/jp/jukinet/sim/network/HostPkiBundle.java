package jp.jukinet.sim.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;

/**
 * What one host of a network spread over hosts needs of the network's PKI, as a zip: the CA
 * certificate, the CRL, the certificate and key of each node the topology places on that host, and
 * the monitor's, with which {@code up} asks its nodes whether their links are up (and {@code
 * status} and {@code verify} ask the network). Never the CA's key, nor any other node's or
 * client's: certificates are issued once, on the host that ran {@code pki init}.
 *
 * <p>Entries are named as in the PKI directory ({@code ca.pem}, {@code crl.pem}, {@code
 * nodes/<name>.pem|key}); an import accepts nothing else.
 */
public final class HostPkiBundle {
  private static final String CA = "ca.pem";
  private static final String CRL = "crl.pem";
  private static final Pattern NODE_ENTRY = Pattern.compile("nodes/([a-z0-9-]+)\\.(pem|key)");

  /** Larger than any certificate, key or CRL this PKI writes; bounds what an import reads. */
  static final int MAX_ENTRY_BYTES = 1 << 20;

  private HostPkiBundle() {}

  /**
   * Writes {@code host}'s bundle from {@code pkiDir} to {@code out} (through a temporary file).
   *
   * @return the entries written
   * @throws IllegalArgumentException when the topology has no node on {@code host}
   * @throws IllegalStateException when a file the bundle needs is missing from the PKI
   */
  public static List<String> export(Path pkiDir, Topology topology, String host, Path out) {
    List<PeerId> subjects = new ArrayList<>();
    topology.nodesOn(host).stream().map(NodeSpec::id).forEach(subjects::add);
    subjects.add(topology.monitor());
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(CA, pkiDir.resolve(CA));
    files.put(CRL, pkiDir.resolve(CRL));
    for (PeerId p : subjects) {
      files.put("nodes/" + p.name() + ".pem", pkiDir.resolve("nodes").resolve(p.name() + ".pem"));
      files.put("nodes/" + p.name() + ".key", pkiDir.resolve("nodes").resolve(p.name() + ".key"));
    }
    files.forEach(
        (entry, file) -> {
          if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                file + " is missing: was the PKI made for this topology ('jukinet pki init')?");
          }
        });
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, out.getFileName().toString(), ".tmp");
      try (OutputStream os = Files.newOutputStream(tmp);
          ZipOutputStream zip = new ZipOutputStream(os)) {
        for (Map.Entry<String, Path> e : files.entrySet()) {
          zip.putNextEntry(new ZipEntry(e.getKey()));
          Files.copy(e.getValue(), zip);
          zip.closeEntry();
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    return List.copyOf(files.keySet());
  }

  /**
   * Unpacks a bundle into {@code pkiDir}: refused, with nothing written, when an entry is not one a
   * bundle holds, when the bundle lacks the CA or CRL, or when {@code pkiDir} already holds another
   * network's CA. Into the same network's PKI it adds or replaces (a newer CRL, say). Keys are
   * written readable by their owner only.
   *
   * @return the entries written
   * @throws IllegalArgumentException naming what is wrong with the bundle
   * @throws IllegalStateException when {@code pkiDir} holds another network's CA
   */
  public static List<String> importInto(Path bundle, Path pkiDir) {
    Map<String, byte[]> entries = read(bundle);
    if (!entries.containsKey(CA) || !entries.containsKey(CRL)) {
      throw new IllegalArgumentException(
          bundle + ": not a host's PKI bundle (no " + CA + " or " + CRL + ")");
    }
    Path ca = pkiDir.resolve(CA);
    try {
      if (Files.exists(ca) && !Arrays.equals(Files.readAllBytes(ca), entries.get(CA))) {
        throw new IllegalStateException(
            pkiDir
                + " already holds the PKI of another network (its "
                + CA
                + " differs from the bundle's): import into another --dir, or remove it");
      }
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        Path target = pkiDir.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Path tmp =
            Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.setPosixFilePermissions(
            tmp,
            PosixFilePermissions.fromString(
                e.getKey().endsWith(".key") ? "rw-------" : "rw-r--r--"));
        Files.write(tmp, e.getValue());
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot import into " + pkiDir + ": " + e.getMessage(), e);
    }
    return List.copyOf(entries.keySet());
  }

  /** Every entry of the zip, each checked by name and size, before anything is written. */
  private static Map<String, byte[]> read(Path bundle) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(bundle);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        String name = e.getName();
        if (!isBundleEntry(name)) {
          throw new IllegalArgumentException(
              bundle
                  + ": unexpected entry '"
                  + name.replaceAll("[^\\x20-\\x7e]", "?")
                  + "' (a bundle holds only ca.pem, crl.pem and nodes/<name>.pem|key)");
        }
        if (entries.put(name, readBounded(zip, bundle, name)) != null) {
          throw new IllegalArgumentException(bundle + ": entry " + name + " appears twice");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          bundle + ": not a readable zip file: " + e.getMessage(), e);
    }
    return entries;
  }

  private static boolean isBundleEntry(String name) {
    if (name.equals(CA) || name.equals(CRL)) {
      return true;
    }
    var m = NODE_ENTRY.matcher(name);
    if (!m.matches()) {
      return false;
    }
    try {
      PeerId.parse(m.group(1));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] readBounded(InputStream in, Path bundle, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      out.write(buf, 0, n);
      if (out.size() > MAX_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            bundle + ": entry " + name + " is larger than " + MAX_ENTRY_BYTES + " bytes");
      }
    }
    return out.toByteArray();
  }
}
