package jp.jukinet.sim.cli;

import java.time.ZoneId;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.NetworkProbe;
import jp.jukinet.sim.status.NetworkStatus;
import jp.jukinet.sim.status.StatusTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jukinet status}: asks every node for its links and certificate expiry. */
@Command(
    name = "status",
    description =
        "Show every node, its links and their state, and certificate expiry. "
            + "Every node is asked at once, within --timeout. Exit code 3 (UNEXPECTED_STATE) when a node does not answer: "
            + "each is named, with what the others answered.")
public final class StatusCommand extends BaseCommand {
  @Mixin RunDirMixin runDir;

  @Mixin WholeNetworkMixin whole;

  @Mixin TimeoutMixin timeout;

  @Mixin JsonMixin json;

  @Override
  public Integer call() {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = whole.networkState(runDir);
    NetworkStatus status;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        NetworkProbe probe = new NetworkProbe(dir.pkiDir(), runtime)) {
      status = probe.probe(state, timeout.timeout(state.nodes().size()));
    }
    emit(
        json,
        CommandResult.of(
            status, text -> new StatusTable(ZoneId.systemDefault()).print(status, text)));
    return status.allAnswering() ? ExitCodes.OK : ExitCodes.UNEXPECTED_STATE;
  }
}
