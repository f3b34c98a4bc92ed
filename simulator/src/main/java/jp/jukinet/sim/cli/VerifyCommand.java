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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet verify}: reads every CS's records and what the prefecture servers and the
 * national server hold for each municipality, and reports each difference and every link's
 * replication lag.
 */
@Command(name = "verify", description = "Compare every CS's records with its prefecture server's and the national "
    + "server's, and show the replication lag of every link. Exit 0 when converged (no difference, no lag), "
    + "1 (FAILURE) otherwise, 3 (UNEXPECTED_STATE) when no network runs.")
public final class VerifyCommand extends BaseCommand {
  private static final Duration POLL = Duration.ofMillis(500);

  @Mixin
  RunDirMixin runDir;

  @Option(names = "--wait", converter = DurationConverter.class, defaultValue = "0s",
      description = "Keep re-checking until converged or this time has passed (e.g. 60s; default: check once).")
  Duration wait;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for each node's answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin
  JsonMixin json;

  @Override
  public Integer call() throws InterruptedException {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    VerifyReport report;
    try (NodeRuntime runtime = NodeRuntime.create(2, 1)) {
      report = verifyUntilConverged(dir, state, runtime, timeout, wait);
    }
    emit(json, CommandResult.of(report, text -> VerifyTable.print(report, text)));
    return report.converged() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /**
   * Compares the network's records as the monitor (its certificate in the run directory's PKI),
   * again every half second until converged or {@code within} has passed; {@code timeout} bounds
   * each node's answer. Also the last step of {@code jukinet demo}.
   */
  public static VerifyReport verifyUntilConverged(RunDirectory dir, NetworkState state, NodeRuntime runtime,
      Duration timeout, Duration within) throws InterruptedException {
    NodeTls tls = NodeTls.load(dir.pkiDir(), StatusCollector.MONITOR);
    TransportSettings settings = TransportSettings.defaults();
    try (MonitorClient records = new MonitorClient(runtime.transport(), tls, settings, timeout);
        StatusCollector status = new StatusCollector(runtime.transport(), tls, settings)) {
      return new Verifier(records, status, Clock.systemUTC(), timeout).verifyUntilConverged(state, within, POLL);
    }
  }
}
