package jp.jukinet.sim.cli.provision;

import java.util.Locale;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet agency <id> …}: acts as one 提供先 at the national server, with its certificate
 * {@code agency-<id>} of the run directory. Subcommands: {@code lookup} (即時提供), {@code batch}
 * (一括提供) and {@code media} (磁気媒体).
 */
@Command(
    name = "agency",
    description =
        "Ask the national server for 本人確認情報 as one agency (提供先), with its certificate.%n"
            + "Example: jukinet agency A20 lookup --jimu J39 --code 12345678901",
    subcommands = {
      HelpCommand.class,
      AgencyLookupCommand.class,
      AgencyBatchCommand.class,
      AgencyMediaCommand.class
    })
public final class AgencyCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<agency>",
      description =
          "The agency: its id (A20), certificate name (agency-A20); see 'jukinet agencies'.")
  String agency;

  /** The agency's id ({@code A20}), one of the registry's. */
  public String agencyId() {
    String id = agency.strip().toUpperCase(Locale.ROOT);
    if (id.startsWith("AGENCY-")) {
      id = id.substring("AGENCY-".length());
    }
    String checked = id;
    return Agencies.byId(checked)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "unknown agency '" + agency + "': A01…A32, see 'jukinet agencies'"))
        .id();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
