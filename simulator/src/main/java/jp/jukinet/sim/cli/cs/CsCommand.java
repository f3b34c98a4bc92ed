package jp.jukinet.sim.cli.cs;

import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet cs <code> <operation> …}: acts as the municipality's operator (既存住基システム / CS端末) at
 * its CS, with the operator certificate {@code op-<code>-01} of the run directory.
 */
@Command(
    name = "cs",
    description =
        "Record resident operations and look residents up at one CS, as its operator.%n"
            + "Example: jukinet cs 19201 birth --name '山梨 花子' --birth-date 2020-04-01 --sex F --address 甲府市丸の内1-1",
    subcommands = {
      HelpCommand.class,
      CsOperations.BirthCommand.class,
      CsOperations.MoveInCommand.class,
      CsOperations.MoveInFromAbroadCommand.class,
      CsOperations.MoveOutCommand.class,
      CsOperations.MoveOutAbroadCommand.class,
      CsOperations.SpecialMoveOutCommand.class,
      CsOperations.SpecialMoveInCommand.class,
      CsOperations.MoveWithinCommand.class,
      CsOperations.AmendCommand.class,
      CsOperations.DeathCommand.class,
      CsOperations.RemoveCommand.class,
      CsOperations.ChangeCodeCommand.class,
      CsQueries.ShowCommand.class,
      CsQueries.SearchCommand.class,
      CsQueries.CopyCommand.class,
    })
public final class CsCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<code>",
      description = "The municipality's 全国地方公共団体コード (5 or 6 digits).")
  String code;

  /** The CS's code, validated (5 digits get their check digit). */
  LocalGovernmentCode municipality() {
    return LocalGovernmentCode.parse(code);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
