package jp.jukinet.sim.cli;

import java.time.Clock;
import java.time.Duration;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.verify.MonitorClient;
import jp.jukinet.sim.verify.Verifier;
import jp.jukinet.sim.verify.VerifyReport;
import jp.jukinet.sim.verify.VerifyTable;
import jp.jukinet.sim.workload.NodeConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet verify}: reads every CS's records and what the prefecture servers and the national
 * server hold for each municipality, and reports each difference and every link's replication lag.
 */
@Command(
    name = "verify",
    description =
        "Compare every CS's records with its prefecture server's and the national "
            + "server's, and show the replication lag of every link. Every node is asked at once, within --timeout. "
            + "Exit 0 when converged (no difference, no lag), 1 (FAILURE) when there are differences or lag, "
            + "3 (UNEXPECTED_STATE) when no network runs or some node did not answer: it is named, and the report "
            + "(marked partial) holds the differences among the nodes that did answer.")
public final class VerifyCommand extends BaseCommand {
  private static final Duration POLL = Duration.ofMillis(500);

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--wait",
      converter = DurationConverter.class,
      defaultValue = "0s",
      description =
          "Keep re-checking until converged or this time has passed (e.g. 60s; default: check once); "
              + "each check has its own --timeout.")
  Duration wait;

  @Mixin WholeNetworkMixin whole;

  @Mixin TimeoutMixin timeout;

  @Mixin JsonMixin json;

  @Override
  public Integer call() throws InterruptedException {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = whole.networkState(runDir);
    VerifyReport report;
    try (NodeRuntime runtime = NodeRuntime.create(2, 1)) {
      report =
          verifyUntilConverged(dir, state, runtime, timeout.timeout(state.nodes().size()), wait);
    }
    emit(json, CommandResult.of(report, text -> VerifyTable.print(report, text)));
    return exitCode(report);
  }

  /** 0 converged, 3 when some node did not answer, else 1. */
  static int exitCode(VerifyReport report) {
    if (report.converged()) {
      return ExitCodes.OK;
    }
    return report.partial() ? ExitCodes.UNEXPECTED_STATE : ExitCodes.FAILURE;
  }

  /**
   * Compares the network's records as the monitor (its certificate in the run directory's PKI),
   * again every half second until converged or {@code within} has passed; every node must answer
   * each comparison within {@code timeout}. Also the last step of {@code jukinet demo}.
   */
  public static VerifyReport verifyUntilConverged(
      RunDirectory dir, NetworkState state, NodeRuntime runtime, Duration timeout, Duration within)
      throws InterruptedException {
    NodeTls tls = NodeTls.load(dir.pkiDir(), StatusCollector.MONITOR);
    TransportSettings settings = TransportSettings.defaults();
    // One connection per node for records and status both: japan has 1,789 nodes, and an in-JVM
    // host holds the server end of every connection within its descriptor budget.
    try (NodeConnections connections = NodeConnections.as(runtime.transport(), settings, tls)) {
      return new Verifier(
              new MonitorClient(connections, timeout),
              new StatusCollector(connections),
              Clock.systemUTC())
          .verifyUntilConverged(state, timeout, within, POLL);
    }
  }
}
