package jp.jukinet.sim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.jukinet.protocol.pki.NetworkPki;
import picocli.CommandLine.Option;

/** {@code --pki}: an existing PKI directory, for the commands that read or change one. */
public final class PkiDirMixin {
  @Option(
      names = "--pki",
      required = true,
      description = "The PKI directory (e.g. ./jukinet-run/pki).")
  Path pkiDir;

  public Path path() {
    return pkiDir;
  }

  /**
   * The PKI in the directory.
   *
   * @throws InvalidInputException when the directory holds none (no ca.pem)
   */
  public NetworkPki open() {
    if (!Files.exists(pkiDir.resolve("ca.pem"))) {
      throw new InvalidInputException(pkiDir.toAbsolutePath() + " holds no PKI (no ca.pem)");
    }
    return NetworkPki.open(pkiDir);
  }
}
