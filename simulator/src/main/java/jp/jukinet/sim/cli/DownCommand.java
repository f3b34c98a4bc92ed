package jp.jukinet.sim.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.NetworkStopper;
import jp.jukinet.sim.network.ProcessRef;
import jp.jukinet.sim.network.RecordedNetwork;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet down}: stops exactly the processes {@code up} recorded (SIGTERM, then SIGKILL
 * after the grace period) and removes the state file. Data, logs and PKI stay.
 */
@Command(
    name = "down",
    description =
        "Stop the network started by 'up' in the run directory (data stays), every process of it "
            + "whether the state file records it or only its own pid file or command line does (an "
            + "interrupted 'up'): SIGTERM to all, SIGKILL to those left after --grace. Exit 3 (UNEXPECTED_STATE) naming the pids SIGKILL did not end "
            + "within 30s.")
public final class DownCommand extends BaseCommand {
  @Mixin RunDirMixin runDir;

  @Option(
      names = "--grace",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long nodes may take to stop before they are killed (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--host",
      description =
          "The host whose share of a network across hosts 'up --host' started in --dir: refused"
              + " when the directory runs another host's share.")
  String onHost;

  @Mixin JsonMixin json;

  /** What down prints. */
  public record Result(
      String dir, int nodes, List<Long> stoppedPids, boolean hadState, List<String> unrecorded)
      implements CommandResult {
    @Override
    public String text() {
      String strays =
          unrecorded.isEmpty()
              ? ""
              : String.format(
                  "; %d of them not in the state file (an interrupted 'up'?): %s",
                  unrecorded.size(),
                  String.join(", ", unrecorded.subList(0, Math.min(10, unrecorded.size())))
                      + (unrecorded.size() > 10 ? ", …" : ""));
      if (!hadState && stoppedPids.isEmpty()) {
        return String.format("jukinet down: no network recorded in %s; nothing to stop%n", dir);
      }
      return String.format(
          "jukinet down: stopped %d process%s (%s) in %s%s; data and logs kept%n",
          stoppedPids.size(),
          stoppedPids.size() == 1 ? "" : "es",
          hadState ? nodes + " nodes" : "no state file",
          dir,
          strays);
    }
  }

  @Override
  public Integer call() {
    RunDirectory dir = runDir.runDirectory();
    if (onHost != null) {
      dir.readState()
          .filter(s -> !onHost.equals(s.onHost()))
          .ifPresent(
              s -> {
                throw new CliException(
                    ExitCodes.UNEXPECTED_STATE,
                    dir.root()
                        + " runs "
                        + (s.onHost() == null
                            ? "a whole network"
                            : "host " + s.onHost() + "'s share")
                        + ", not host "
                        + onHost
                        + "'s: nothing stopped");
              });
    }
    RecordedNetwork.Down down = new RecordedNetwork(dir).down(grace);
    Optional<NetworkState> state = down.state();
    NetworkStopper.Result r = down.result();
    if (!r.stillRunning().isEmpty()) {
      // The state file stays: it is how a later 'down' finds them.
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE,
          "still running after SIGKILL: pids "
              + r.stillRunning().stream().map(p -> Long.toString(p.pid())).toList()
              + "; stopped "
              + r.stopped().size()
              + " other process(es)");
    }
    emit(
        json,
        new Result(
            dir.root().toString(),
            state.map(s -> (int) s.nodes().stream().filter(s::isLocal).count()).orElse(0),
            r.stopped().stream().map(ProcessRef::pid).toList(),
            state.isPresent(),
            down.unrecorded().stream().map(Object::toString).toList()));
    return ExitCodes.OK;
  }
}
