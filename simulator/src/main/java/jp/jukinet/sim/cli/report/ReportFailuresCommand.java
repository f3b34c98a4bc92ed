package jp.jukinet.sim.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.report.FailureReport;
import jp.jukinet.sim.scenario.FailureHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet report failures --run <results>}: ネットワーク機器等の障害一覧 of a scenario run, from what the
 * network showed of its faults ({@code failure} lines of its {@code history.jsonl}).
 */
@Command(
    name = "failures",
    description =
        "ネットワーク機器等の障害一覧: 【原因区分別一覧】 (原因区分 × month) and 【障害状況一覧】 of a scenario run, 発見 and 回復 "
            + "as the network showed them, in simulated time on a calendar. --csv prints the 障害状況一覧's rows.%n"
            + "Example: jukinet report failures --run jukinet-results/kill-prefecture-20261129-101500")
public final class ReportFailuresCommand extends BaseCommand {
  @Option(
      names = "--run",
      required = true,
      paramLabel = "<results dir>",
      description = "A scenario run's results directory (the one holding history.jsonl).")
  Path run;

  @Mixin JsonMixin json;

  @Option(
      names = "--csv",
      description = "Print the report's rows as CSV (RFC 4180) instead of text.")
  boolean csv;

  @Override
  public Integer call() {
    if (json.json() && csv) {
      throw new InvalidInputException("--json and --csv: give one");
    }
    Path history = run.resolve("history.jsonl");
    if (!Files.isRegularFile(history)) {
      throw new InvalidInputException(
          run + " is not a scenario run's results directory (no history.jsonl)");
    }
    FailureReport report;
    try {
      report = FailureHistory.read(history).report();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + history + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    if (json.json()) {
      printJson(report);
    } else {
      if (csv) {
        report.csv(out());
      } else {
        report.print(out());
      }
      out().flush();
    }
    return ExitCodes.OK;
  }
}
