package jp.jukinet.sim.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.topology.Topologies;
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
   * The network to talk to: the one {@code topology} places (every node at its topology address,
   * for a host that started none of a network spread over hosts) when given, else the one {@code
   * up} recorded in the run directory.
   *
   * @throws InvalidInputException for a topology whose nodes are not all at fixed addresses
   * @throws CliException UNEXPECTED_STATE when no topology is given and no network is recorded
   */
  public NetworkState networkState(String topology) {
    if (topology == null) {
      return recordedState();
    }
    return InvalidInputException.parsing(
        () -> NetworkState.ofTopology(Topologies.resolve(topology)));
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

  /**
   * Where {@code node} of the recorded network listens.
   *
   * @throws InvalidInputException when the network has no such node
   * @throws CliException UNEXPECTED_STATE when it has not published its port
   */
  public InetSocketAddress nodeAddress(NetworkState state, PeerId node) {
    NetworkState.Node n =
        state.nodes().stream()
            .filter(x -> x.id().equals(node))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "the network in "
                            + dir
                            + " has no "
                            + node
                            + " ("
                            + state.topology()
                            + ")"));
    if (n.port() <= 0) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, node + " has not published its port yet");
    }
    return new InetSocketAddress(n.host(), n.port());
  }
}
