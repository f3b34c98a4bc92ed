package jp.jukinet.sim.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.jukinet.sim.bench.AnchorRun;
import jp.jukinet.sim.bench.BenchJvm;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.Ratio;
import jp.jukinet.sim.bench.TransportBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench transport}: closed-loop request/response throughput over the real
 * transport (after Hello, Envelope frames, mTLS) between two nodes in one JVM, and in the same
 * invocation the raw-Netty proto-mode echo anchor (docs/design.md §10) with the same connections
 * and window; prints both RESULT lines and their ratio. Rounds alternate anchor and ours.
 */
@Command(name = "transport",
    description = "Transport throughput (C connections x W requests in flight over mTLS), as a ratio to the "
        + "raw-Netty proto echo anchor measured in the same run.")
public final class BenchTransportCommand extends BaseCommand {
  @Option(names = {"-c", "--conns"}, defaultValue = "8", description = "Connections (default: ${DEFAULT-VALUE}).")
  int conns;

  @Mixin
  LoadMixin load;

  @Option(names = "--role", defaultValue = "cs",
      description = "cs (a CS asks its prefecture server) or agency (an agency asks the national server).")
  String role;

  @Option(names = "--payload", defaultValue = "ja",
      description = "ja: Japanese 4情報 (realistic; UTF-8 transcoding at every hop), ascii: the same byte sizes in "
          + "ASCII, like the anchor's record (default: ${DEFAULT-VALUE}).")
  String payload;

  @Option(names = "--rounds", defaultValue = "1",
      description = "Interleaved rounds of anchor + ours; use 3 for a figure you write down (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin
  AnchorMixin anchors;

  @Mixin
  JsonMixin json;

  /** What the command prints with --json. */
  public record Result(List<Map<String, String>> jukinet, List<Map<String, String>> anchor,
      Double ratioOpsPerSecond, Double ratioOpsPerCpuSecond) {}

  @Override
  public Integer call() throws Exception {
    int window = load.window();
    Duration warmup = load.warmup();
    Duration duration = load.duration();
    InvalidInputException.parsing(
        () -> new TransportBench.Options(conns, window, warmup, duration, role, 2, 2, payload)); // validates first
    if (rounds < 1 || rounds > 10) {
      throw new InvalidInputException("--rounds " + rounds + " must be 1..10");
    }
    AnchorRun anchor = anchors.anchorRun(load.limit(Duration.ofMinutes(5))).orElse(null);
    List<BenchResult> ours = new ArrayList<>();
    List<BenchResult> theirs = new ArrayList<>();
    List<String> args = List.of("-c", Integer.toString(conns), "-w", Integer.toString(window),
        "--warmup", AnchorRun.seconds(warmup), "--duration", AnchorRun.seconds(duration), "--role", role, "--payload", payload);
    for (int r = 1; r <= rounds; r++) {
      err().println("round " + r + "/" + rounds);
      if (anchor != null) {
        theirs.add(anchor.nettyProtoEcho(conns, window, warmup, duration, err()));
      }
      ours.add(BenchJvm.run(TransportBench.class, args, load.limit(Duration.ofMinutes(3)), err()));
    }
    Ratio ratio = anchor == null ? null : Ratio.of(ours, theirs);
    Result result = new Result(ours.stream().map(BenchResult::fields).toList(),
        theirs.stream().map(BenchResult::fields).toList(),
        ratio == null ? null : Ratio.median(ratio.opsRatios()),
        ratio == null || ratio.cpuRatios().isEmpty() ? null : Ratio.median(ratio.cpuRatios()));
    emit(json, CommandResult.of(result, text -> {
      for (int i = 0; i < ours.size(); i++) {
        if (!theirs.isEmpty()) {
          text.println("anchor  " + line(theirs.get(i)));
        }
        text.println("jukinet " + line(ours.get(i)));
      }
      if (ratio != null) {
        text.println(ratio.line("jukinet-transport"));
      }
    }));
    return ExitCodes.OK;
  }

  private static String line(BenchResult r) {
    return String.format(Locale.ROOT, "%-28s ops/s=%,.0f p50=%sus p99=%sus p999=%sus cpu=%s%% ops/cpu-s=%s",
        r.name(), r.opsPerSecond(), r.get("p50_us"), r.get("p99_us"), r.get("p999_us"), r.get("cpu_pct"),
        r.get("ops_per_cpu_s"));
  }

}
