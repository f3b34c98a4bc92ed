package jp.jukinet.sim.cli;

import jp.jukinet.sim.network.NetworkState;
import picocli.CommandLine.Option;

/**
 * {@code --topology} of the commands that ask a whole network ({@code status}, {@code verify}): the
 * network a topology file places, from a host that started none of it.
 */
public final class WholeNetworkMixin {
  @Option(
      names = "--topology",
      description =
          "A topology file placing every node at a fixed host:port: ask the whole network it"
              + " describes, wherever its nodes run (default: the network recorded in --dir).")
  String topologyName;

  /** The network to ask: see {@link RunDirMixin#networkState(String)}. */
  public NetworkState networkState(RunDirMixin runDir) {
    return runDir.networkState(topologyName);
  }
}
