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
   * Throws when any process of the directory's network still runs, whether the state file records
   * it or not (a node of an interrupted {@code up}); a stale state (its processes gone, after a
   * crash) may be replaced.
   *
   * @throws NetworkAlreadyRunningException naming the live processes
   */
  public void refuseIfRunning() {
    List<RunProcesses.Found> live = RunProcesses.find(dir);
    Optional<NetworkState> state = RunProcesses.readStateLeniently(dir);
    if (!live.isEmpty()) {
      throw new NetworkAlreadyRunningException(dir, state, live);
    }
    if (state.isPresent()) {
      LOG.info("{}: replacing the stale state of a network whose processes are gone", dir.root());
    }
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
    if (!state.isLocal(recorded)) {
      throw new IllegalStateException(
          id + " runs on host " + recorded.host() + ", not on this one (" + state.onHost() + ")");
    }
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
   * {@code jukinet down}: stops every process of the directory's network (SIGTERM, then SIGKILL
   * after {@code grace}): those the state file records and those only their own pid files or
   * command lines name ({@link RunProcesses}), so a missing or stale state file, or an {@code up}
   * interrupted half-way, still leaves nothing running. Removes the state and pid files once none
   * is left; data, logs and PKI stay.
   *
   * @return the state that was recorded, if any, and the processes stopped
   */
  public Down down(Duration grace) {
    return down(grace, List.of());
  }

  /**
   * As {@link #down(Duration)}, stopping {@code known} too: the processes an interrupted {@code up}
   * started, which may not have recorded themselves yet (where there is no /proc to find them by).
   */
  public Down down(Duration grace, List<ProcessRef> known) {
    Optional<NetworkState> state = RunProcesses.readStateLeniently(dir);
    List<ProcessRef> recorded = state.map(NetworkState::processes).orElse(List.of());
    List<ProcessRef> stopped = new ArrayList<>();
    List<RunProcesses.Found> unrecorded = new ArrayList<>();
    List<ProcessRef> stillRunning = List.of();
    // Again while a scan finds any: a node whose launch raced with the first scan shows in the
    // next.
    for (int round = 0; round < STOP_ROUNDS; round++) {
      List<RunProcesses.Found> live = new ArrayList<>(RunProcesses.find(dir));
      if (round == 0) {
        known.stream()
            .filter(ProcessRef::isLive)
            .filter(p -> live.stream().noneMatch(f -> f.process().pid() == p.pid()))
            .forEach(p -> live.add(new RunProcesses.Found("started by up", p)));
      }
      if (live.isEmpty()) {
        break;
      }
      live.stream()
          .filter(f -> recorded.stream().noneMatch(r -> r.pid() == f.process().pid()))
          .forEach(unrecorded::add);
      NetworkStopper.Result r =
          NetworkStopper.stop(live.stream().map(RunProcesses.Found::process).toList(), grace);
      stopped.addAll(r.stopped());
      stillRunning = r.stillRunning();
      if (!stillRunning.isEmpty()) {
        break;
      }
    }
    if (stillRunning.isEmpty()) {
      dir.deleteState(); // kept otherwise: it is how a later 'down' finds what still runs
      RunProcesses.deletePidFiles(dir);
    }
    return new Down(state, new NetworkStopper.Result(stopped, stillRunning), unrecorded);
  }

  /** How many times {@link #down} looks again for processes after stopping those it found. */
  private static final int STOP_ROUNDS = 3;

  /**
   * What {@link #down} found, stopped, and could not stop; {@code unrecorded}: the processes the
   * state file did not name (an interrupted {@code up}'s).
   */
  public record Down(
      Optional<NetworkState> state,
      NetworkStopper.Result result,
      List<RunProcesses.Found> unrecorded) {
    public Down {
      unrecorded = List.copyOf(unrecorded);
    }
  }

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
