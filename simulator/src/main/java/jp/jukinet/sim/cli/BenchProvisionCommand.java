package jp.jukinet.sim.cli;

import java.util.Map;
import java.util.function.Predicate;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.peers.PeerKind;
import jp.jukinet.sim.bench.provision.ProvisionBench;
import jp.jukinet.sim.bench.provision.RatePlan;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench provision}: 即時提供 from agencies to the national server of a running network,
 * as a closed-loop maximum (printed as a ratio to the reference peers, measured first with the same
 * connections and window) and at open-model arrival rates, latency from each request's due time.
 */
@Command(
    name = "provision",
    description =
        "Provision throughput at the national server: agencies look residents up (即時提供) by "
            + "住民票コード, 個人番号 and 4情報 in the FY2020 agency × 事務 mix. A closed loop gives the maximum "
            + "(ratio to each reference peer, measured first in the same run); then the open model sends at "
            + "the --rate asked for and reports latency from each request's due time, requested vs achieved "
            + "rate, and the requests that could not be sent on time; last, one 一括提供 of --batch-keys keys "
            + "gives records per second.",
    footer = ReferencePeersMixin.HELP,
    defaultValueProvider = BenchProvisionCommand.Defaults.class)
public final class BenchProvisionCommand extends BaseCommand {
  private static final String OUR_NAME = "jukinet-provision";

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--agencies",
      defaultValue = "4",
      description =
          "Agencies to drive, the largest by FY2020 volume that may use 即時提供; one connection each "
              + "(default: ${DEFAULT-VALUE}).")
  int agencies;

  @Option(
      names = "--rate",
      paramLabel = "RATE",
      description =
          "Open-model arrival rate per second: 2000 (constant), 1000-8000 (a ramp over the window) or "
              + "1000,2000,4000 (steps, a window each). Default: 50, 75 and 90 %% of the closed-loop maximum.")
  String rate;

  @Option(
      names = "--residents",
      defaultValue = "5000",
      description =
          "Persons the national server must hold; births are added through the CSs when it holds fewer "
              + "(default: ${DEFAULT-VALUE}).")
  int residents;

  @Option(
      names = "--key-pool",
      defaultValue = "20000",
      description = "Persons whose keys are looked up (default: ${DEFAULT-VALUE}).")
  int keyPool;

  @Option(
      names = "--key-mix",
      defaultValue = "60,20,20",
      description = "Percent of keys by 住民票コード, 個人番号 and 4情報 (default: ${DEFAULT-VALUE}).")
  String keyMix;

  @Option(
      names = "--batch-keys",
      defaultValue = "1000000",
      description =
          "Keys of the one 一括提供 over the line measured after the lookups, by the largest agency that "
              + "may use it (default: ${DEFAULT-VALUE}; 0: none).")
  long batchKeys;

  @Mixin LoadMixin load;

  @Mixin ReferencePeersMixin peers;

  @Mixin JsonMixin json;

  static final class Defaults extends LoadMixin.LoadDefaults {
    Defaults() {
      super("10s", "10s");
    }
  }

  /** What the command prints with --json. */
  public record Result(
      ProvisionBench.Result jukinet,
      Map<String, Map<String, String>> peers,
      Map<String, Double> ratioOpsPerSecond) {}

  /** The 事務 for which the national server's registry lets their agency use {@code method}. */
  static Predicate<Jimu> allowing(AgencyRegistry registry, ProvisionMethod method) {
    return j ->
        registry
            .agency(j.agencyId())
            .flatMap(e -> e.registration(j.id()))
            .map(r -> r.methods().contains(method))
            .orElse(false);
  }

  @Override
  public Integer call() throws Exception {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    AgencyRegistry registry = AgencyRegistry.load();
    ProvisionBench.Options options =
        InvalidInputException.parsing(
            () ->
                new ProvisionBench.Options(
                    dir,
                    agencies,
                    load.window(),
                    load.warmup(),
                    load.duration(),
                    rate == null ? null : RatePlan.parse(rate),
                    residents,
                    keyPool,
                    keyMix,
                    batchKeys));
    if (!peers.kinds().isEmpty()) {
      err()
          .println(
              "reference peers: " + agencies + " connections x " + load.window() + " in flight");
      err().flush();
    }
    Map<PeerKind, BenchResult> theirs =
        peers.measure(agencies, load.window(), load.warmup(), load.duration(), "ja", err());
    ProvisionBench.Result r =
        ProvisionBench.run(
            options,
            state,
            allowing(registry, ProvisionMethod.PROVISION_METHOD_IMMEDIATE),
            allowing(registry, ProvisionMethod.PROVISION_METHOD_BATCH_LINE),
            err());
    PeerComparison vs =
        PeerComparison.of(
            OUR_NAME, BenchResult.lastIn(r.closedLoop().line()).orElseThrow(), theirs);
    emit(
        json,
        CommandResult.of(
            new Result(r, vs.peerFields(), vs.opsRatios()),
            text -> {
              vs.printPeers(text);
              text.println(r.closedLoop().line());
              for (ProvisionBench.Step s : r.open()) {
                text.println(s.line());
              }
              if (r.batch() != null) {
                text.println(r.batch().line());
              }
              vs.printRatios(text);
              for (String e : r.errors()) {
                text.println("error: " + e);
              }
            }));
    boolean clean =
        r.closedLoop().failed() == 0
            && r.closedLoop().refused() == 0
            && r.open().stream().allMatch(s -> s.failed() == 0 && s.refused() == 0);
    return clean ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
