package jp.jukinet.sim.cli;

import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet pki revoke}: adds a certificate to the CRL; peers refuse it on the next handshake.
 */
@Command(
    name = "revoke",
    description = "Revoke a peer's certificate (refused from the next handshake on).")
public final class PkiRevokeCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<peer>",
      description = "Peer name, e.g. cs-192015, agency-A01, op-192015-01.")
  String peer;

  @Mixin PkiDirMixin pkiDir;

  @Override
  public Integer call() {
    PeerId id = InvalidInputException.parsing(() -> PeerId.parse(peer));
    NetworkPki pki = pkiDir.open();
    if (pki.list().stream().noneMatch(e -> e.peer().equals(id))) {
      throw new InvalidInputException(
          "no certificate for " + id + " in " + pkiDir.path().toAbsolutePath());
    }
    pki.revoke(id);
    out()
        .printf(
            "jukinet pki revoke: %s revoked; the CRL in %s is updated%n",
            id, pkiDir.path().toAbsolutePath());
    out().flush();
    return ExitCodes.OK;
  }
}
