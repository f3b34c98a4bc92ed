package jp.jukinet.sim.cli;

import java.time.Duration;
import java.util.Map;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.ChangesBench;
import jp.jukinet.sim.bench.peers.PeerKind;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench changes}: 出生 into many CSs of a running network ({@code jukinet up}),
 * measured as changes applied end to end at the national server. Before driving the network (so the
 * two never compete for the machine), the reference peers ({@link ReferencePeersMixin}) run with as
 * many connections as CSs driven and the same window; the figure is also printed as a ratio to each
 * (docs/design.md §10).
 */
@Command(
    name = "changes",
    description =
        "Identity-change throughput end to end: operators record 出生 at N CSs "
            + "(W in flight each) of the running network; the rate is measured at the national server and printed as a "
            + "ratio to each reference peer, measured first in the same run (a peer's round trip is one hop, with no "
            + "storage; a change is three durable hops).",
    footer = ReferencePeersMixin.HELP,
    defaultValueProvider = BenchChangesCommand.Defaults.class)
public final class BenchChangesCommand extends BaseCommand {
  private static final String OUR_NAME = "jukinet-changes";

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--css",
      defaultValue = "0",
      description = "CSs to drive (default: 0 = every CS).")
  int css;

  @Mixin LoadMixin load;

  @Mixin ReferencePeersMixin peers;

  @Mixin JsonMixin json;

  static final class Defaults extends LoadMixin.LoadDefaults {
    Defaults() {
      super("10s", "20s");
    }
  }

  /** What the command prints with --json. */
  public record Result(
      ChangesBench.Result jukinet,
      Map<String, Map<String, String>> peers,
      Map<String, Double> ratioOpsPerSecond) {}

  @Override
  public Integer call() throws Exception {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    int window = load.window();
    Duration warmup = load.warmup();
    Duration duration = load.duration();
    ChangesBench.Options options =
        InvalidInputException.parsing(
            () -> new ChangesBench.Options(dir, css, window, warmup, duration));
    int conns = Math.max(1, drivenCss(state));
    if (!peers.kinds().isEmpty()) {
      err().println("reference peers: " + conns + " connections x " + window + " in flight");
      err().flush();
    }
    Map<PeerKind, BenchResult> theirs = peers.measure(conns, window, warmup, duration, "ja", err());
    ChangesBench.Result r = ChangesBench.run(options, state);
    PeerComparison vs =
        PeerComparison.of(OUR_NAME, BenchResult.lastIn(r.result()).orElseThrow(), theirs);
    emit(
        json,
        CommandResult.of(
            new Result(r, vs.peerFields(), vs.opsRatios()),
            text -> {
              vs.printPeers(text);
              text.println(r.result());
              text.println(ChangesBench.summary(r));
              vs.printRatios(text);
            }));
    return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** How many CSs the bench drives: each peer gets one connection per CS. */
  private int drivenCss(NetworkState state) {
    long all =
        state.nodes().stream()
            .filter(n -> n.port() > 0 && n.id().role() == NodeRole.NODE_ROLE_CS)
            .count();
    return (int) (css == 0 ? all : Math.min(css, all));
  }
}
