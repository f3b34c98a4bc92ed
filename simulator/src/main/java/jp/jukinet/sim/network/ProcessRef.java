package jp.jukinet.sim.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Optional;

/**
 * A process as recorded in the state file: its pid and its start time, so that a pid reused by an
 * unrelated process after a crash or reboot is never signalled.
 */
public record ProcessRef(long pid, long startedAtMillis, String command) {
  public ProcessRef {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid " + pid + " is not a process id");
    }
  }

  public static ProcessRef of(ProcessHandle handle) {
    ProcessHandle.Info info = handle.info();
    return new ProcessRef(
        handle.pid(),
        info.startInstant().map(Instant::toEpochMilli).orElse(0L),
        info.command().orElse(""));
  }

  /** The process, if it is still running and is the same process (same start time). */
  @JsonIgnore
  public Optional<ProcessHandle> live() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                startedAtMillis == 0
                    || h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L)
                        == startedAtMillis);
  }

  @JsonIgnore
  public boolean isLive() {
    return live().isPresent();
  }
}
