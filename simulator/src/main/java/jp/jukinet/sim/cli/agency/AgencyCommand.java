package jp.jukinet.sim.cli.agency;

import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet agency <id> …}: acts as one 提供先 (agency) at the national server, with its
 * certificate {@code agency-<id>} of the run directory.
 */
@Command(
    name = "agency",
    description =
        "Act as one agency (提供先) at the national server, with its certificate.%n"
            + "Example: jukinet agency A20 batch --jimu J39 --keys keys.txt --out out.jsonl",
    subcommands = {HelpCommand.class, AgencyBatchCommand.class, AgencyMediaCommand.class})
public final class AgencyCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<id>",
      description = "The agency: A01..A32 (or agency-A01).")
  String id;

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
