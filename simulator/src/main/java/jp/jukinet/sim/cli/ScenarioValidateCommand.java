package jp.jukinet.sim.cli;

import java.nio.file.Path;
import jp.jukinet.sim.scenario.Scenario;
import jp.jukinet.sim.scenario.ScenarioException;
import jp.jukinet.sim.scenario.ScenarioParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jukinet scenario validate <file>}: reads a scenario as run would, and starts nothing. */
@Command(
    name = "validate",
    description =
        "Check a scenario file without running it. Exit 0 when valid, 2 with file:line:column: reason"
            + " when not.")
public final class ScenarioValidateCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "<file>", description = "The scenario (YAML).")
  Path file;

  @Override
  public Integer call() {
    try {
      Scenario s = ScenarioParser.parse(file);
      out()
          .printf(
              "jukinet scenario: %s is valid (%s, %d steps, %d final checks)%n",
              file, s.name(), s.timeline().size(), s.checks().size());
      out().flush();
      return ExitCodes.OK;
    } catch (ScenarioException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, e.getMessage());
    }
  }
}
