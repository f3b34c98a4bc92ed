package jp.jukinet.sim.cli;

import jp.jukinet.sim.cli.cs.CsCommand;
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
      PopulateCommand.class,
    })
public final class JukinetCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
