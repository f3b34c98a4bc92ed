package jp.jukinet.sim.cli;

import picocli.CommandLine.Command;

/** {@code jukinet scenario}: run scripted scenarios (docs/scenarios.md). */
@Command(
    name = "scenario",
    description =
        "Run a scenario file: a network, a population, a timeline of operations, faults and"
            + " checks, thresholds, and a report (docs/scenarios.md).",
    subcommands = {
      ScenarioRunCommand.class,
      ScenarioValidateCommand.class,
      ScenarioCompareCommand.class
    })
public final class ScenarioCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
