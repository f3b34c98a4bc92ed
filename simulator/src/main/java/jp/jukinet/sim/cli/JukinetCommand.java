package jp.jukinet.sim.cli;

import jp.jukinet.sim.cli.cs.CsCommand;
import jp.jukinet.sim.cli.provision.AgenciesCommand;
import jp.jukinet.sim.cli.provision.AgencyCommand;
import jp.jukinet.sim.cli.provision.DiscloseCommand;
import jp.jukinet.sim.cli.report.ReportCommand;
import jp.jukinet.sim.cli.term.TermCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code jukinet}: the top command. A new subcommand plugs in with one line in {@code subcommands}.
 */
@Command(
    name = "jukinet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "A simulator of 住民基本台帳ネットワークシステム (住基ネット): launch a local network, run scenarios, "
            + "load-test it.",
    subcommands = {
      HelpCommand.class,
      UpCommand.class,
      StatusCommand.class,
      DownCommand.class,
      RestartCommand.class,
      PkiCommand.class,
      BenchCommand.class,
      VerifyCommand.class,
      VerifyLogCommand.class,
      CsCommand.class,
      DemoCommand.class,
      AgenciesCommand.class,
      AgencyCommand.class,
      DiscloseCommand.class,
      TermCommand.class,
      ReportCommand.class,
      ScenarioCommand.class,
      PopulateCommand.class,
      DeployCommand.class,
    })
public final class JukinetCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
