package jp.jukinet.sim.network;

import java.time.Instant;

/** {@code up} in a run directory whose network still runs. */
public final class NetworkAlreadyRunningException extends IllegalStateException {
  public NetworkAlreadyRunningException(RunDirectory dir, NetworkState state, int liveProcesses) {
    super(
        "a network ("
            + state.topology()
            + ", "
            + state.mode()
            + " mode, started "
            + Instant.ofEpochMilli(state.createdAtMillis())
            + ") is already running in "
            + dir.root()
            + " with "
            + liveProcesses
            + " live process(es); stop it first with: jukinet down --dir "
            + dir.root());
  }
}
