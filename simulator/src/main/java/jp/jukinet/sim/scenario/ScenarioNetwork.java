package jp.jukinet.sim.scenario;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.ProcessRef;
import jp.jukinet.sim.network.RecordedNetwork;
import jp.jukinet.sim.network.RunDirectory;

/**
 * The network a scenario runs on: one it launched ({@link LocalNetwork}, torn down at the end
 * unless kept) or one already running in a run directory ({@code --dir}). Faults reach its nodes
 * through here.
 */
final class ScenarioNetwork implements AutoCloseable {
  private final RunDirectory dir;
  private final LocalNetwork owned;
  private final LaunchSettings settings;
  private final boolean keep;

  /**
   * @param owned the network the run launched, or null for one already running in {@code dir}
   */
  ScenarioNetwork(RunDirectory dir, LocalNetwork owned, LaunchSettings settings, boolean keep) {
    this.dir = dir;
    this.owned = owned;
    this.settings = settings;
    this.keep = keep;
  }

  RunDirectory dir() {
    return dir;
  }

  NetworkState state() {
    return dir.readState()
        .orElseThrow(() -> new IllegalStateException("no network recorded in " + dir.root()));
  }

  /** kill -9 (in-JVM: the node abandoned). */
  void kill(PeerId id) {
    if (owned != null) {
      owned.kill(id);
      return;
    }
    ProcessRef p = process(id);
    p.live().ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Starts a killed node again on its port with its data. */
  void restart(PeerId id) {
    if (owned != null) {
      owned.restart(id);
    } else {
      new RecordedNetwork(dir).restart(id, settings);
    }
  }

  /** SIGSTOP ({@code stop}) or SIGCONT the node's process. */
  void signal(PeerId id, boolean stop) {
    ProcessRef p = process(id);
    try {
      Process kill =
          new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(p.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill " + (stop ? "-STOP " : "-CONT ") + p.pid() + " (" + id + ") failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal " + id + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + id, e);
    }
  }

  ProcessRef process(PeerId id) {
    return state().nodes().stream()
        .filter(n -> n.id().equals(id))
        .findFirst()
        .map(NetworkState.Node::process)
        .orElseThrow(() -> new IllegalArgumentException("the network has no node " + id));
  }

  /** Waits until every link is up (after a launch). */
  void awaitLinks(Duration timeout) {
    if (owned != null) {
      owned.awaitAllLinksUp(timeout);
    }
  }

  List<PeerId> nodes() {
    return state().nodes().stream().map(NetworkState.Node::id).toList();
  }

  /** Stops a network the run launched, unless kept; one found running is left as it was. */
  @Override
  public void close() {
    if (owned == null) {
      return;
    }
    if (keep) {
      owned.detach();
    } else {
      owned.close();
    }
  }
}
