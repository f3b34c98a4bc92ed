package jp.jukinet.sim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.sim.demo.DemoReport;
import jp.jukinet.sim.demo.DemoTable;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.demo.Sites;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.scenario.Scenario;
import jp.jukinet.sim.scenario.ScenarioParser;
import jp.jukinet.sim.scenario.ScenarioReport;
import jp.jukinet.sim.scenario.ScenarioRun;
import jp.jukinet.sim.scenario.ScenarioSummary;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.verify.VerifyReport;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.OperatorClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet demo}: on a fresh clone, launches {@code yamanashi}, populates it and runs the
 * demo scenario ({@code jp/jukinet/sim/demo/demo.yaml}, copied as scenarios/demo.yaml) through
 * {@link ScenarioRun}: every resident operation, 即時提供, a kill -9 of the prefecture server during
 * moves and its restart, then the checks; prints the summary and where report.html is, and stops
 * every node it started (also on Ctrl-C: the runner's shutdown hook). On a network already running
 * in {@code --dir} (given, or {@code ./jukinet-run} after {@code up}) it drives {@link
 * DemoWorkload} through the CSs' operators instead, checks that every move ended in 転出確定 at the old
 * CS, then verifies (waiting) that every CS, prefecture server and the national server agree.
 */
@Command(
    name = "demo",
    description =
        "With no network running: launch yamanashi (29 processes), populate it, and run the demo"
            + " scenario (scenarios/demo.yaml): 出生, 転出/転入 with 転入通知, 特例転出/特例転入, 転居,"
            + " 氏名変更, 住民票コード変更, 死亡, 即時提供 lookups, kill -9 of 山梨県's server during moves"
            + " and its restart; then check convergence, exactly once, unique codes and 転出確定, print"
            + " the summary and the path of report.html, and stop everything it started. Exit 0 when"
            + " every check passed, 1 otherwise, 3 when the network could not start. On a network"
            + " running in --dir (given, or ./jukinet-run after 'up'): drive those operations through"
            + " the CSs' operators, then verify; exit 0 when every operation succeeded and the network"
            + " converged, 3 (UNEXPECTED_STATE) when some node did not answer the verification"
            + " (named), 1 otherwise.")
public final class DemoCommand extends BaseCommand {
  /** The demo scenario, shipped in the jar. */
  static final String SCENARIO = "/jp/jukinet/sim/demo/demo.yaml";

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--results",
      defaultValue = "./jukinet-results",
      description =
          "With no network running: where the run's results directory is made, and demo.yaml"
              + " written (default: ${DEFAULT-VALUE}).")
  Path results;

  @Option(
      names = "--in-jvm",
      description =
          "With no network running: run the demo's nodes in this JVM rather than one process each"
              + " (starts in seconds; the prefecture server's kill -9 is then its abandonment: sockets"
              + " closed without goodbye, queued commits dropped).")
  boolean inJvm;

  @Option(
      names = "--births",
      defaultValue = "300",
      description =
          "On a running network: 出生 to record (default: ${DEFAULT-VALUE}); the other operations"
              + " are proportional.")
  int births;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "On a running network: seed of every choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--parallel",
      defaultValue = "32",
      description = "On a running network: operations in flight (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--wait",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "On a running network: how long to wait for 転出確定 and convergence (default:"
              + " ${DEFAULT-VALUE}); the moves still unconfirmed are named, each with its old CS and"
              + " why.")
  Duration wait;

  @Option(
      names = "--timeout",
      defaultValue = "40s",
      converter = DurationConverter.class,
      description =
          "On a running network: deadline of each operation's answer (connection included) and of"
              + " each verification (default: ${DEFAULT-VALUE}; a verification of a large network gets"
              + " 50 ms per node when longer).")
  Duration timeout;

  @Mixin JsonMixin json;

  @Override
  public Integer call() throws InterruptedException {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    if (given.hasMatchedOption("--dir") || runDir.runDirectory().readState().isPresent()) {
      if (given.hasMatchedOption("--in-jvm") || given.hasMatchedOption("--results")) {
        throw new InvalidInputException(
            "--in-jvm and --results are for the demo's own network; a network runs in "
                + runDir.runDirectory().root()
                + " (stop it with 'jukinet down', or drop them)");
      }
      return onRunningNetwork();
    }
    return demoScenario();
  }

  /**
   * Runs the demo scenario on a network of its own, from {@code demo.yaml} written into the results
   * root (to be edited and run again with {@code scenario run}).
   */
  private int demoScenario() throws InterruptedException {
    Path file = results.resolve("demo.yaml");
    try (InputStream in = DemoCommand.class.getResourceAsStream(SCENARIO)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Files.createDirectories(results);
      Files.writeString(file, inJvm ? text.replace("\nmode: process\n", "\nmode: in-jvm\n") : text);
    } catch (IOException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, "cannot write " + file + ": " + e);
    }
    Scenario scenario = ScenarioParser.parse(file);
    PrintWriter progress = json.json() ? err() : out();
    progress.printf(
        "jukinet demo: %s (%s); no network in %s, so the demo launches its own%n",
        scenario.description(), file, runDir.runDirectory().root());
    ScenarioRun.Outcome outcome =
        new ScenarioRun(scenario, file, new ScenarioRun.Options(null, results, false, 1, progress))
            .run();
    ScenarioReport report = outcome.report();
    if (report == null) {
      return ExitCodes.UNEXPECTED_STATE; // the network did not start: the runner said why
    }
    emit(
        json,
        CommandResult.of(report, text -> ScenarioSummary.print(report, outcome.results(), text)));
    return outcome.exitStatus() == ScenarioRun.PASSED ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** The workload on the network running in {@code --dir}, then verify. */
  private int onRunningNetwork() throws InterruptedException {
    if (births < 1 || parallel < 1) {
      throw new InvalidInputException(
          "--births " + births + " and --parallel " + parallel + " must be at least 1");
    }
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    Sites sites;
    try {
      sites = Sites.of(state, topology(state));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE, e.getMessage()); // no CS has published its port
    }
    long t0 = System.nanoTime();
    DemoReport report;
    try (NodeRuntime runtime = NodeRuntime.create(2, 1)) {
      DemoWorkload demo;
      List<String> unconfirmed;
      Deadline deadline;
      try (OperatorClient operators =
          new OperatorClient(
              runtime.transport(), dir.pkiDir(), OperatorClient.csAddresses(state), timeout)) {
        demo =
            new DemoWorkload(operators, sites, seed, parallel, IsoDates.today(Clock.systemUTC()));
        if (!json.json()) {
          out()
              .printf(
                  "jukinet demo: %d 出生 and the rest over %d municipalities in %d prefecture%s (%s, seed %d)%n",
                  births,
                  sites.all().size(),
                  sites.prefectureCount(),
                  sites.prefectureCount() == 1 ? "" : "s",
                  state.topology(),
                  seed);
          out().flush();
        }
        demo.run(births);
        deadline = Deadline.in(wait);
        unconfirmed = demo.awaitMovesConfirmed(deadline);
      } // before verify connects to every node: an in-JVM host holds both sets of server ends
      // otherwise
      VerifyReport verify =
          VerifyCommand.verifyUntilConverged(
              dir,
              state,
              runtime,
              TimeoutMixin.scaled(timeout, TimeoutMixin.DEFAULT_PER_NODE, state.nodes().size()),
              deadline.remaining());
      report =
          new DemoReport(
              state.topology(),
              seed,
              sites.all().size(),
              sites.prefectureCount(),
              Math.round((System.nanoTime() - t0) / 1e8) / 10.0,
              demo.rows(),
              demo.moveCount(),
              demo.moveCount() - unconfirmed.size(),
              unconfirmed.stream().limit(10).toList(),
              verify);
    }
    emit(json, CommandResult.of(report, text -> DemoTable.print(report, text)));
    if (report.ok()) {
      return ExitCodes.OK;
    }
    return report.verify().partial() ? ExitCodes.UNEXPECTED_STATE : ExitCodes.FAILURE;
  }

  private static Topology topology(NetworkState state) {
    try {
      return Topologies.resolve(state.topology());
    } catch (RuntimeException e) {
      return null; // e.g. a topology file moved since 'up': names and weights fall back to codes
    }
  }
}
