package jp.jukinet.sim.cli;

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
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.verify.VerifyReport;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.OperatorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet demo}: drives a realistic mix of resident operations through the CSs' operators of
 * a running network ({@link DemoWorkload}), checks that every move ended in 転出確定 at the old CS,
 * then verifies (waiting) that every CS, prefecture server and the national server agree.
 */
@Command(
    name = "demo",
    description =
        "Drive 出生, 転出/転入, 特例転出/特例転入 (within and across prefectures), 転居, "
            + "氏名変更, 住民票コード変更 and 死亡 through the CSs' operators of a running network, then verify. "
            + "Exit 0 when every operation succeeded and the network converged, 3 (UNEXPECTED_STATE) when some node did "
            + "not answer the verification (named), 1 otherwise.")
public final class DemoCommand extends BaseCommand {
  @Mixin RunDirMixin runDir;

  @Option(
      names = "--births",
      defaultValue = "300",
      description =
          "出生 to record (default: ${DEFAULT-VALUE}); " + "the other operations are proportional.")
  int births;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of every choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--parallel",
      defaultValue = "32",
      description = "Operations in flight (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--wait",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "How long to wait for 転出確定 and convergence (default: ${DEFAULT-VALUE}); the moves still "
              + "unconfirmed are named, each with its old CS and why.")
  Duration wait;

  @Option(
      names = "--timeout",
      defaultValue = "40s",
      converter = DurationConverter.class,
      description =
          "Deadline of each operation's answer (connection included) and of each verification "
              + "(default: ${DEFAULT-VALUE}; a verification of a large network gets 50 ms per node when longer).")
  Duration timeout;

  @Mixin JsonMixin json;

  @Override
  public Integer call() throws InterruptedException {
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
