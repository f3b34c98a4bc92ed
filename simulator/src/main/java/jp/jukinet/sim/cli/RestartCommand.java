package jp.jukinet.sim.cli;

import java.time.Duration;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.ProcessRef;
import jp.jukinet.sim.network.RecordedNetwork;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet restart <node>}: starts one node of a process-mode network again (after a {@code
 * kill -9}, say) on its recorded port, with its data; stops it first if it still runs.
 */
@Command(
    name = "restart",
    description =
        "Start one node of the network again on its recorded port (process mode), "
            + "e.g. after kill -9. Example: jukinet restart pref-190004")
public final class RestartCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "<node>",
      description = "The node: national, pref-190004, cs-192015 …")
  String node;

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long the node may take to listen (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin JsonMixin json;

  /** What restart prints. */
  public record Result(String node, long pid, int port) {}

  @Override
  public Integer call() {
    PeerId id = InvalidInputException.parsing(() -> PeerId.parse(node));
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    ProcessRef p;
    try {
      LaunchSettings settings =
          InvalidInputException.parsing(
              () -> LaunchSettings.defaults(state.topology()).withStartTimeout(timeout));
      p = new RecordedNetwork(dir).restart(id, settings);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    int port =
        dir.readState().orElseThrow().nodes().stream()
            .filter(n -> n.id().equals(id))
            .findFirst()
            .orElseThrow()
            .port();
    Result r = new Result(id.name(), p.pid(), port);
    emit(
        json,
        CommandResult.of(
            r,
            text ->
                text.printf(
                    "jukinet restart: %s runs again (pid %d, port %d); 'jukinet status --dir %s' shows its links%n",
                    r.node(), r.pid(), r.port(), dir.root())));
    return ExitCodes.OK;
  }
}
