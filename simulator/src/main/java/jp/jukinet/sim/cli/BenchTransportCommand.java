package jp.jukinet.sim.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.jukinet.sim.bench.BenchJvm;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.Ratio;
import jp.jukinet.sim.bench.TransportBench;
import jp.jukinet.sim.bench.peers.PeerKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench transport}: closed-loop request/response throughput over the real transport
 * (after Hello, Envelope frames, mTLS) between two nodes in one JVM, and in the same invocation the
 * reference peers ({@link ReferencePeersMixin}) with the same record, connections and window;
 * prints every RESULT line and jukinet's ratio to each peer. Rounds alternate peers and ours.
 */
@Command(
    name = "transport",
    description =
        "Transport throughput (C connections x W requests in flight over mTLS), as a ratio to each "
            + "reference peer measured in the same run.",
    footer = ReferencePeersMixin.HELP,
    defaultValueProvider = BenchTransportCommand.Defaults.class)
public final class BenchTransportCommand extends BaseCommand {
  @Option(
      names = {"-c", "--conns"},
      defaultValue = "8",
      description = "Connections (default: ${DEFAULT-VALUE}).")
  int conns;

  @Mixin LoadMixin load;

  @Option(
      names = "--role",
      defaultValue = "cs",
      description =
          "cs (a CS asks its prefecture server) or agency (an agency asks the national server).")
  String role;

  @Option(
      names = "--payload",
      defaultValue = "ja",
      description =
          "ja: Japanese 4情報 (realistic; UTF-8 transcoding at every hop), ascii: the same byte sizes in "
              + "ASCII (default: ${DEFAULT-VALUE}). The peers carry the same record.")
  String payload;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Interleaved rounds of peers + ours; use 3 for a figure you write down (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin ReferencePeersMixin peers;

  @Mixin JsonMixin json;

  /**
   * 10 s of warm-up: with less, C2 has not compiled the hot path and the figure reads about half of
   * the warm one. For a figure worth writing down add --rounds 3.
   */
  static final class Defaults extends LoadMixin.LoadDefaults {
    Defaults() {
      super("10s", "10s");
    }
  }

  /**
   * What the command prints with --json: every round's RESULT fields, and the median ratios per
   * peer.
   */
  public record Result(
      List<Map<String, String>> jukinet,
      Map<String, List<Map<String, String>>> peers,
      Map<String, Double> ratioOpsPerSecond,
      Map<String, Double> ratioOpsPerCpuSecond) {}

  @Override
  public Integer call() throws Exception {
    int window = load.window();
    Duration warmup = load.warmup();
    Duration duration = load.duration();
    InvalidInputException.parsing(
        () ->
            new TransportBench.Options(
                conns, window, warmup, duration, role, 2, 2, payload)); // validates first
    if (rounds < 1 || rounds > 10) {
      throw new InvalidInputException("--rounds " + rounds + " must be 1..10");
    }
    List<PeerKind> kinds = peers.kinds();
    List<BenchResult> ours = new ArrayList<>();
    Map<PeerKind, List<BenchResult>> theirs = new LinkedHashMap<>();
    kinds.forEach(k -> theirs.put(k, new ArrayList<>()));
    List<String> args =
        List.of(
            "-c",
            Integer.toString(conns),
            "-w",
            Integer.toString(window),
            "--warmup",
            seconds(warmup),
            "--duration",
            seconds(duration),
            "--role",
            role,
            "--payload",
            payload);
    for (int r = 1; r <= rounds; r++) {
      err().println("round " + r + "/" + rounds);
      peers
          .measure(conns, window, warmup, duration, payload, err())
          .forEach((k, result) -> theirs.get(k).add(result));
      ours.add(BenchJvm.run(TransportBench.class, args, load.limit(Duration.ofMinutes(3)), err()));
    }
    Map<PeerKind, Ratio> ratios = new LinkedHashMap<>();
    theirs.forEach((k, results) -> ratios.put(k, Ratio.of(ours, results)));
    Map<String, List<Map<String, String>>> peerFields = new LinkedHashMap<>();
    Map<String, Double> ops = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    theirs.forEach(
        (k, results) -> peerFields.put(k.id(), results.stream().map(BenchResult::fields).toList()));
    ratios.forEach(
        (k, ratio) -> {
          ops.put(k.id(), Ratio.median(ratio.opsRatios()));
          if (!ratio.cpuRatios().isEmpty()) {
            cpu.put(k.id(), Ratio.median(ratio.cpuRatios()));
          }
        });
    Result result =
        new Result(ours.stream().map(BenchResult::fields).toList(), peerFields, ops, cpu);
    emit(
        json,
        CommandResult.of(
            result,
            text -> {
              for (int i = 0; i < ours.size(); i++) {
                for (List<BenchResult> results : theirs.values()) {
                  text.println("peer    " + line(results.get(i)));
                }
                text.println("jukinet " + line(ours.get(i)));
              }
              for (Ratio ratio : ratios.values()) {
                text.println(ratio.line("jukinet-transport"));
              }
            }));
    return ExitCodes.OK;
  }

  /** A duration as the seconds TransportBench's --warmup/--duration take. */
  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  private static String line(BenchResult r) {
    return String.format(
        Locale.ROOT,
        "%-28s ops/s=%,.0f p50=%sus p99=%sus p999=%sus cpu=%s%% ops/cpu-s=%s",
        r.name(),
        r.opsPerSecond(),
        r.get("p50_us"),
        r.get("p99_us"),
        r.get("p999_us"),
        r.get("cpu_pct"),
        r.get("ops_per_cpu_s"));
  }
}
