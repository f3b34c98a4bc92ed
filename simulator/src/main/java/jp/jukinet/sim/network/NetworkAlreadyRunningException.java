package jp.jukinet.sim.network;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code up} in a run directory where processes of a network still run, recorded or not. */
public final class NetworkAlreadyRunningException extends IllegalStateException {
  /** How many of the live processes the message names. */
  private static final int NAMED = 10;

  public NetworkAlreadyRunningException(
      RunDirectory dir, Optional<NetworkState> state, List<RunProcesses.Found> live) {
    super(
        state
                .map(
                    s ->
                        "a network ("
                            + s.topology()
                            + ", "
                            + s.mode()
                            + " mode, started "
                            + Instant.ofEpochMilli(s.createdAtMillis())
                            + ") is already running in ")
                .orElse("processes of a network (not in a state file) are already running in ")
            + dir.root()
            + ": "
            + live.size()
            + " live process(es): "
            + String.join(
                ", ",
                live.subList(0, Math.min(NAMED, live.size())).stream()
                    .map(RunProcesses.Found::toString)
                    .toList())
            + (live.size() > NAMED ? ", …" : "")
            + "; stop them first with: jukinet down --dir "
            + dir.root());
  }
}
