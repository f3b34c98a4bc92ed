package jp.jukinet.sim.cli;

import java.nio.file.Path;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Option;

/** {@code --dir}: the run directory (PKI, node configs, data, logs, state file). */
public final class RunDirMixin {
  @Option(
      names = "--dir",
      defaultValue = "./jukinet-run",
      description = "Run directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  public RunDirectory runDirectory() {
    return new RunDirectory(dir);
  }

  /**
   * The network {@code up} recorded in {@code dir}, for the commands that talk to a running one.
   *
   * @throws CliException UNEXPECTED_STATE when none is recorded
   */
  public NetworkState recordedState() {
    RunDirectory dir = runDirectory();
    return dir.readState()
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.UNEXPECTED_STATE,
                    "no network recorded in "
                        + dir.root()
                        + "; start one with 'jukinet up --dir "
                        + dir.root()
                        + "'"));
  }
}
