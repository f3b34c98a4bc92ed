package jp.jukinet.sim.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --timeout}: the one deadline by which every node a command asks must have answered. The
 * nodes are asked at once; those that have not answered by then are named, and the command ends
 * with {@link ExitCodes#UNEXPECTED_STATE}. The default grows with the network.
 */
public final class TimeoutMixin {
  static final Duration MIN_DEFAULT = Duration.ofSeconds(20);
  static final Duration DEFAULT_PER_NODE = Duration.ofMillis(50);

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description =
          "Deadline for every node's answer; the nodes that have not answered by then are named and the "
              + "exit code is 3 (default: 20s, or 50 ms per node when that is longer: 90s for japan).")
  Duration timeout;

  /** The deadline for a network of {@code nodes} nodes: the one given, else the default. */
  public Duration timeout(int nodes) {
    if (timeout == null) {
      return scaled(MIN_DEFAULT, DEFAULT_PER_NODE, nodes);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new InvalidInputException("--timeout " + timeout + " must be positive");
    }
    return timeout;
  }

  /** {@code perNode × nodes}, at least {@code min}. */
  static Duration scaled(Duration min, Duration perNode, int nodes) {
    Duration d = perNode.multipliedBy(nodes);
    return d.compareTo(min) > 0 ? d : min;
  }
}
