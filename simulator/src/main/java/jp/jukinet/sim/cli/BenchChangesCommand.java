package jp.jukinet.sim.cli;

import java.time.Duration;
import jp.jukinet.sim.bench.ChangesBench;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench changes}: 出生 into many CSs of a running network ({@code jukinet up}),
 * measured as changes applied end to end at the national server.
 */
@Command(name = "changes", description = "Identity-change throughput end to end: operators record 出生 at N CSs "
    + "(W in flight each) of the running network; the rate is measured at the national server.")
public final class BenchChangesCommand extends BaseCommand {
  @Mixin
  RunDirMixin runDir;

  @Option(names = "--css", defaultValue = "0", description = "CSs to drive (default: 0 = every CS).")
  int css;

  @Option(names = {"-w", "--window"}, defaultValue = "64",
      description = "Operations in flight per CS (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Warm-up before measuring (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
      description = "Measuring window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Mixin
  JsonMixin json;

  @Override
  public Integer call() throws Exception {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = dir.readState().orElseThrow(() -> new CliException(ExitCodes.UNEXPECTED_STATE,
        "no network recorded in " + dir.root() + "; start one with 'jukinet up --dir " + dir.root() + "'"));
    ChangesBench.Result r = ChangesBench.run(new ChangesBench.Options(dir, css, window, warmup, duration), state);
    if (json.json()) {
      printJson(r);
    } else {
      out().println(r.result());
      out().println(ChangesBench.summary(r));
      out().flush();
    }
    return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
