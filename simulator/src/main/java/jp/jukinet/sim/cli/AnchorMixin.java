package jp.jukinet.sim.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import jp.jukinet.sim.bench.AnchorRun;
import picocli.CommandLine.Option;

/** {@code --anchors} and {@code --no-anchor}: where the same-run reference benchmark comes from. */
public final class AnchorMixin {
  @Option(names = "--anchors", description = "Path of bench-anchors/run.sh (default: ../shared/bench-anchors/run.sh "
      + "beside the project).")
  Path anchors;

  @Option(names = "--no-anchor", description = "Skip the anchor (no ratio is printed).")
  boolean noAnchor;

  /** The anchor runner, or empty with --no-anchor; each run may take up to {@code limit}. */
  public Optional<AnchorRun> anchorRun(Duration limit) {
    if (noAnchor) {
      return Optional.empty();
    }
    return Optional.of(new AnchorRun(anchors != null ? anchors : AnchorRun.defaultScript(projectRoot()), limit));
  }

  /** The project root: $JUKINET_HOME (set by ./jukinet), else the current directory. */
  static Path projectRoot() {
    String home = System.getenv("JUKINET_HOME");
    return Path.of(home != null && !home.isBlank() ? home : ".").toAbsolutePath().normalize();
  }
}
