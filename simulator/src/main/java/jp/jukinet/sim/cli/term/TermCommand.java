package jp.jukinet.sim.cli.term;

import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.PrefectureArgument;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet term <prefecture> …}: acts as the prefecture's 業務端末 ({@code term-<code>-01}) at
 * its prefecture server, for the prefecture's own 事務 (法第30条の15).
 */
@Command(
    name = "term",
    description =
        "Use a prefecture's 本人確認情報 from its 業務端末, for one of the prefecture's 事務.%n"
            + "Example: jukinet term 山梨県 lookup --jimu H5-02 --name '山梨 花子' --birth-date 2020-04-01",
    subcommands = {HelpCommand.class, TermLookupCommand.class})
public final class TermCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<prefecture>",
      description = "The prefecture: code (19, 190004) or name (山梨県, 山梨).")
  String prefecture;

  Prefecture prefecture() {
    return PrefectureArgument.resolve(prefecture);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
