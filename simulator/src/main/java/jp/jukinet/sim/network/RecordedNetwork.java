package jp.jukinet.sim.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network as its run directory's state file records it, for the commands that act on it from
 * another JVM than the one that started it: refuse a second {@code up}, {@code restart} one node,
 * {@code down}.
 */
public final class RecordedNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(RecordedNetwork.class);

  private final RunDirectory dir;

  public RecordedNetwork(RunDirectory dir) {
    this.dir = dir;
  }

  /**
   * Throws when the state file names processes that still run; a stale state (its processes gone,
   * after a crash) may be replaced.
   *
   * @throws NetworkAlreadyRunningException when the directory's network is alive
   */
  public void refuseIfRunning() {
    dir.readState()
        .ifPresent(
            state -> {
              List<ProcessRef> live = state.liveProcesses();
              if (!live.isEmpty()) {
                throw new NetworkAlreadyRunningException(dir, state, live.size());
              }
              LOG.info(
                  "{}: replacing the stale state of a network whose processes are gone",
                  dir.root());
            });
  }

  /**
   * {@code jukinet restart}: starts one node of a process-mode network again (stopping it first if
   * it still runs), on the port the state file records so its downstream nodes find it, and records
   * its new process.
   *
   * @return the node's new process
   */
  public ProcessRef restart(PeerId id, LaunchSettings settings) {
    NetworkState state =
        dir.readState()
            .orElseThrow(() -> new IllegalStateException("no network recorded in " + dir.root()));
    if (state.modeValue() != Mode.PROCESS) {
      throw new IllegalStateException(
          "the network in "
              + dir.root()
              + " runs in one JVM ("
              + state.mode()
              + "): its nodes restart with the host ('down', then 'up')");
    }
    NetworkState.Node recorded =
        state.nodes().stream()
            .filter(n -> n.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the network in " + dir.root() + " has no node " + id));
    if (recorded.port() <= 0) {
      throw new IllegalStateException(id + " never published its port: nothing to restart on");
    }
    if (recorded.process() != null) {
      NetworkStopper.Result stopped =
          NetworkStopper.stop(List.of(recorded.process()), settings.stopGrace());
      if (!stopped.stillRunning().isEmpty()) {
        throw new IllegalStateException(
            id + " (pid " + recorded.process().pid() + ") still runs after SIGKILL: not restarted");
      }
    }
    NodeConfig old = NodeConfig.load(dir.configFile(id));
    saveConfig(
        dir,
        new NodeConfig(
            id,
            new HostPort(old.listen().host(), recorded.port()),
            old.dataDir(),
            old.pkiDir(),
            old.upstream(),
            old.upstreamNode(),
            old.portFile(),
            old.calendar()));
    LOG.info("{}: restarting {} on port {}", dir.root(), id, recorded.port());
    ProcessNode node = ProcessLauncher.launch(dir, id, settings);
    ProcessLauncher.awaitPorts(dir, settings, List.of(node));
    List<NetworkState.Node> nodes = new ArrayList<>();
    for (NetworkState.Node n : dir.readState().orElse(state).nodes()) {
      nodes.add(
          n.id().equals(id)
              ? new NetworkState.Node(
                  n.name(), n.upstream(), n.host(), n.port(), n.config(), node.process())
              : n);
    }
    dir.writeState(state.withNodes(nodes, state.complete()));
    return node.process();
  }

  /**
   * {@code jukinet down}: stops exactly the recorded processes (SIGTERM, then SIGKILL after {@code
   * grace}) and removes the state file; data, logs and PKI stay.
   *
   * @return the state that was recorded, if any, and the processes stopped
   */
  public Down down(Duration grace) {
    Optional<NetworkState> state = dir.readState();
    NetworkStopper.Result result =
        state
            .map(s -> NetworkStopper.stop(s, grace))
            .orElse(new NetworkStopper.Result(List.of(), List.of()));
    if (result.stillRunning().isEmpty()) {
      dir.deleteState(); // kept otherwise: it is how a later 'down' finds what still runs
    }
    return new Down(state, result);
  }

  /** What {@link #down} found, stopped, and could not stop. */
  public record Down(Optional<NetworkState> state, NetworkStopper.Result result) {}

  /**
   * Saves a node's config and removes its old port file, so a wait for the port sees the new one.
   */
  static void saveConfig(RunDirectory dir, NodeConfig config) {
    PeerId id = config.node();
    config.save(dir.configFile(id));
    try {
      Files.deleteIfExists(dir.portFile(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
