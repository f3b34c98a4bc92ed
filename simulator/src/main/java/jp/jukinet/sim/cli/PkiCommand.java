package jp.jukinet.sim.cli;

import picocli.CommandLine.Command;

/** {@code jukinet pki}: the network's own CA and certificates. */
@Command(
    name = "pki",
    description =
        "Create, list and revoke the network's certificates; export and import one host's share.",
    subcommands = {
      PkiInitCommand.class,
      PkiListCommand.class,
      PkiRevokeCommand.class,
      PkiExportCommand.class,
      PkiImportCommand.class,
    })
public final class PkiCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
