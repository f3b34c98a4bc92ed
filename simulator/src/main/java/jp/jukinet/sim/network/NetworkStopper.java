package jp.jukinet.sim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Stops the processes a state file records, from any JVM: SIGTERM to all, then SIGKILL to those
 * still running after the grace period. Only processes whose pid and start time both match are
 * signalled, so a reused pid is never hit.
 */
public final class NetworkStopper {
  private NetworkStopper() {}

  /**
   * What {@link #stop} did: the processes that were running and stopped, and those SIGKILL did not
   * end.
   */
  public record Result(List<ProcessRef> stopped, List<ProcessRef> stillRunning) {
    public Result {
      stopped = List.copyOf(stopped);
      stillRunning = List.copyOf(stillRunning);
    }
  }

  /** How long the processes may take to die after SIGKILL, all together. */
  static final Duration KILL_WAIT = Duration.ofSeconds(30);

  /**
   * SIGTERM to all, SIGKILL to those left after {@code grace}; each wait is for all processes at
   * once.
   */
  public static Result stop(NetworkState state, Duration grace) {
    return stop(state.processes(), grace);
  }

  /** As {@link #stop(NetworkState, Duration)} for those of {@code processes} that still run. */
  public static Result stop(List<ProcessRef> processes, Duration grace) {
    Map<ProcessRef, ProcessHandle> live = new LinkedHashMap<>();
    for (ProcessRef ref : processes) {
      ref.live()
          .ifPresent(
              h -> {
                live.put(ref, h);
                h.destroy();
              });
    }
    Map<ProcessRef, ProcessHandle> killed = new LinkedHashMap<>();
    for (ProcessRef ref : survivors(live, grace)) {
      killed.put(ref, live.get(ref));
      live.get(ref).destroyForcibly();
    }
    List<ProcessRef> stuck = survivors(killed, KILL_WAIT);
    List<ProcessRef> stopped = new ArrayList<>(live.keySet());
    stopped.removeAll(stuck);
    return new Result(stopped, stuck);
  }

  /** The processes still running once {@code within} has passed (or all have exited). */
  private static List<ProcessRef> survivors(
      Map<ProcessRef, ProcessHandle> processes, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessRef> out = new ArrayList<>();
    processes.forEach(
        (ref, h) -> {
          if (!awaitExit(
              h.onExit(),
              h::isAlive,
              Math.max(1, deadline - System.nanoTime()),
              TimeUnit.NANOSECONDS)) {
            out.add(ref);
          }
        });
    return out;
  }

  /**
   * Waits for a process's {@code onExit()}; true when it has exited. An interrupt ends the wait
   * (false) and stays set.
   */
  static boolean awaitExit(
      CompletableFuture<?> onExit, BooleanSupplier isAlive, long timeout, TimeUnit unit) {
    try {
      onExit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !isAlive.getAsBoolean();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
