package jp.jukinet.sim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jukinet pki revoke}: adds a certificate to the CRL; peers refuse it on the next handshake. */
@Command(name = "revoke", description = "Revoke a peer's certificate (refused from the next handshake on).")
public final class PkiRevokeCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "<peer>", description = "Peer name, e.g. cs-192015, agency-A01, op-192015-01.")
  String peer;

  @Option(names = "--pki", required = true, description = "The PKI directory (e.g. ./jukinet-run/pki).")
  Path pkiDir;

  @Override
  public Integer call() {
    PeerId id = PeerId.parse(peer);
    if (!Files.exists(pkiDir.resolve("ca.pem"))) {
      throw new CliException(ExitCodes.INVALID_INPUT, pkiDir.toAbsolutePath() + " holds no PKI (no ca.pem)");
    }
    NetworkPki pki = NetworkPki.open(pkiDir);
    if (pki.list().stream().noneMatch(e -> e.peer().equals(id))) {
      throw new CliException(ExitCodes.INVALID_INPUT, "no certificate for " + id + " in " + pkiDir.toAbsolutePath());
    }
    pki.revoke(id);
    out().printf("jukinet pki revoke: %s revoked; the CRL in %s is updated%n", id, pkiDir.toAbsolutePath());
    out().flush();
    return ExitCodes.OK;
  }
}
