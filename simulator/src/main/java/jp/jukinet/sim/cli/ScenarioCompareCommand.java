package jp.jukinet.sim.cli;

import java.nio.file.Path;
import jp.jukinet.sim.scenario.ReportComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet scenario compare <run-dir> <run-dir>}: two runs' figures side by side ({@link
 * ReportComparison}).
 */
@Command(
    name = "compare",
    description =
        "Show two scenario runs' figures side by side from their report.json: per operation"
            + " succeeded, failed, rate and p50/p99; checks and thresholds; faults and how long after"
            + " each heal the network converged; with B-A and B/A. Exit 0, or 2 when a report.json"
            + " is missing or malformed (the file named).")
public final class ScenarioCompareCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<run-dir-a>",
      description = "The first run's results directory (or its report.json): the baseline.")
  Path a;

  @Parameters(
      index = "1",
      paramLabel = "<run-dir-b>",
      description = "The second run's results directory (or its report.json).")
  Path b;

  @Mixin JsonMixin format;

  @Override
  public Integer call() {
    ReportComparison c;
    try {
      c = ReportComparison.of(a, b);
    } catch (ReportComparison.BadReport e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    emit(format, CommandResult.of(c, c::print));
    return ExitCodes.OK;
  }
}
