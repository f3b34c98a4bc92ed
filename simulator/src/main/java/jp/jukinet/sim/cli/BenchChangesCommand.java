package jp.jukinet.sim.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.bench.AnchorRun;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.ChangesBench;
import jp.jukinet.sim.bench.Ratio;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench changes}: 出生 into many CSs of a running network ({@code jukinet up}),
 * measured as changes applied end to end at the national server. Before driving the network (so
 * the two never compete for the machine), the raw-Netty proto echo anchor of the reference benchmarks
 * runs with as many connections as CSs driven and the same window; the figure is also printed as
 * a ratio to it (docs/design.md §10).
 */
@Command(name = "changes", description = "Identity-change throughput end to end: operators record 出生 at N CSs "
    + "(W in flight each) of the running network; the rate is measured at the national server and printed as a "
    + "ratio to the raw-Netty proto echo anchor measured first in the same run.",
    defaultValueProvider = BenchChangesCommand.Defaults.class)
public final class BenchChangesCommand extends BaseCommand {
  private static final String OUR_NAME = "jukinet-changes";

  @Mixin
  RunDirMixin runDir;

  @Option(names = "--css", defaultValue = "0", description = "CSs to drive (default: 0 = every CS).")
  int css;

  @Mixin
  LoadMixin load;

  @Mixin
  AnchorMixin anchors;

  @Mixin
  JsonMixin json;

  /** A changes run measures 20 s by default, twice a transport run. */
  static final class Defaults extends LoadMixin.DurationDefault {
    Defaults() {
      super("20s");
    }
  }

  /** What the command prints with --json. */
  public record Result(ChangesBench.Result jukinet, Map<String, String> anchor, Double ratioOpsPerSecond) {}

  @Override
  public Integer call() throws Exception {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    int window = load.window();
    ChangesBench.Options options = InvalidInputException.parsing(
        () -> new ChangesBench.Options(dir, css, window, load.warmup(), load.duration()));
    BenchResult anchorResult = null;
    Optional<AnchorRun> anchorRun = anchors.anchorRun(load.limit(Duration.ofMinutes(5)));
    if (anchorRun.isPresent()) {
      AnchorRun anchor = anchorRun.get();
      int conns = Math.max(1, drivenCss(state));
      err().println("anchor: raw-Netty proto echo, " + conns + " connections x " + window + " in flight");
      err().flush();
      anchorResult = anchor.nettyProtoEcho(conns, window, load.warmup(), load.duration(), err());
    }
    ChangesBench.Result r = ChangesBench.run(options, state);
    Ratio ratio = anchorResult == null ? null
        : Ratio.of(List.of(BenchResult.lastIn(r.result()).orElseThrow()), List.of(anchorResult));
    BenchResult anchorRan = anchorResult;
    emit(json, CommandResult.of(new Result(r, anchorRan == null ? null : anchorRan.fields(),
        ratio == null ? null : Ratio.median(ratio.opsRatios())), text -> {
          if (anchorRan != null) {
            text.println(String.format(Locale.ROOT, "anchor  %-28s ops/s=%,.0f p50=%sus p99=%sus", anchorRan.name(),
                anchorRan.opsPerSecond(), anchorRan.get("p50_us"), anchorRan.get("p99_us")));
          }
          text.println(r.result());
          text.println(ChangesBench.summary(r));
          if (ratio != null) {
            text.println(ratio.line(OUR_NAME));
          }
        }));
    return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** How many CSs the bench drives: the anchor gets one connection per CS. */
  private int drivenCss(NetworkState state) {
    long all = state.nodes().stream().filter(n -> n.port() > 0 && n.id().role() == NodeRole.NODE_ROLE_CS).count();
    return (int) (css == 0 ? all : Math.min(css, all));
  }
}
