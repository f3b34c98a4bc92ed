package jp.jukinet.sim.cli;

import java.nio.file.Path;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Option;

/** {@code --dir}: the run directory (PKI, node configs, data, logs, state file). */
public final class RunDirMixin {
  @Option(names = "--dir", defaultValue = "./jukinet-run", description = "Run directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  public RunDirectory runDirectory() {
    return new RunDirectory(dir);
  }
}
