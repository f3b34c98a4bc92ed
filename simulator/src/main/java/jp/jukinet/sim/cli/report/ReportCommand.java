package jp.jukinet.sim.cli.report;

import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code jukinet report …}: the seeds' reports from a running network's counters and logs, asked as
 * the monitor ({@code report_request}).
 */
@Command(
    name = "report",
    description =
        "Print a report in the layout the public reports use, from the counters and logs of a running "
            + "network: provisions (官報 announcement and FY totals), prefecture-use, disclosures, refusals; and, from a scenario run's results, its network failures.%n"
            + "Example: jukinet report provisions --period FY2020",
    subcommands = {
      HelpCommand.class,
      ReportCommands.Provisions.class,
      ReportCommands.PrefectureUse.class,
      ReportCommands.Disclosures.class,
      ReportCommands.Refusals.class,
      ReportFailuresCommand.class,
    })
public final class ReportCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
