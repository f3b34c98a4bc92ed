package jp.jukinet.sim.cli;

import java.nio.file.Path;
import jp.jukinet.sim.scenario.Scenario;
import jp.jukinet.sim.scenario.ScenarioException;
import jp.jukinet.sim.scenario.ScenarioParser;
import jp.jukinet.sim.scenario.ScenarioReport;
import jp.jukinet.sim.scenario.ScenarioRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet scenario run <file>}: runs a scenario ({@link ScenarioRun}) and prints where its
 * report is.
 */
@Command(
    name = "run",
    description =
        "Run a scenario: launch its network (or use the one running in --dir), register its"
            + " population, run its timeline with a live progress line, heal every fault (also on"
            + " Ctrl-C), make its checks, and write a results directory (scenario.yaml,"
            + " history.jsonl, report.json, report.html, node logs). Exit 0 when every check and"
            + " threshold passed, 1 when one failed (or answered unknown, or the run aborted), 2 when"
            + " the scenario is invalid (file:line:column: reason; nothing started), 3 when the"
            + " network could not be started or found.")
public final class ScenarioRunCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "<file>", description = "The scenario (YAML).")
  Path file;

  @Option(
      names = "--dir",
      description =
          "Run on the network already running in this run directory (left running) instead of"
              + " launching the scenario's own.")
  Path dir;

  @Option(
      names = "--results",
      defaultValue = "./jukinet-results",
      description = "Where each run's results directory is made (default: ${DEFAULT-VALUE}).")
  Path results;

  @Option(names = "--keep", description = "Leave the network the run launched running.")
  boolean keep;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description =
          "Multiply the population and every operation rate (default: ${DEFAULT-VALUE}; e.g. 0.2"
              + " for a quick run).")
  double scale;

  @Option(
      names = "--clock",
      paramLabel = "<date-time>",
      description =
          "Start the scenario's calendar here instead of at its header's clock (e.g."
              + " 2019-10-01T00:00+09:00).")
  String clock;

  @Option(
      names = "--clock-rate",
      paramLabel = "<rate>",
      description =
          "Run the scenario's calendar at this rate instead of its header's (e.g. 1day/0.05s for a"
              + " quick simulated year); simulated durations and rates follow it.")
  String clockRate;

  @Override
  public Integer call() throws InterruptedException {
    if (!(scale > 0) || scale > 1000) {
      throw new InvalidInputException("--scale " + scale + " must be above 0 and at most 1000");
    }
    ScenarioRun.Outcome outcome;
    try {
      Scenario scenario = ScenarioParser.parse(file);
      outcome =
          new ScenarioRun(
                  scenario,
                  file,
                  new ScenarioRun.Options(dir, results, keep, scale, out(), clock, clockRate))
              .run();
    } catch (ScenarioException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, e.getMessage());
    }
    ScenarioReport r = outcome.report();
    if (r != null) {
      out()
          .printf(
              "jukinet scenario: %s %s in %.1f s: %d operations ok, %d failed; %d checks, %d thresholds%s%n",
              r.scenario(),
              r.passed() ? "PASSED" : "FAILED",
              r.seconds(),
              r.ok(),
              r.failed(),
              r.checks().size(),
              r.thresholds().size(),
              r.failures().isEmpty() ? "" : "; failed: " + String.join(", ", r.failures()));
    }
    // Without a report (the network did not start) the directory holds the scenario and history.
    out()
        .printf(
            "jukinet scenario: results in %s%s%n",
            outcome.results(), r != null ? " (report.html)" : "");
    out().flush();
    return outcome.exitStatus();
  }
}
