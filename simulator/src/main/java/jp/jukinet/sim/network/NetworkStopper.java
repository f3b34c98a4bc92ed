package jp.jukinet.sim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /** Returns the processes that were running and are now stopped. */
  public static List<ProcessRef> stop(NetworkState state, Duration grace) {
    return stop(state.processes(), grace);
  }

  /** Stops those of {@code processes} that still run; returns them. */
  public static List<ProcessRef> stop(List<ProcessRef> processes, Duration grace) {
    List<ProcessHandle> live = new ArrayList<>();
    List<ProcessRef> stopped = new ArrayList<>();
    for (ProcessRef ref : processes) {
      ref.live().ifPresent(h -> {
        live.add(h);
        stopped.add(ref);
        h.destroy();
      });
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : live) {
      if (!awaitExit(h.onExit(), h::isAlive, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        h.destroyForcibly();
        awaitExit(h.onExit(), h::isAlive, TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
      }
    }
    return stopped;
  }

  /**
   * Waits for a process's {@code onExit()}; true when it has exited. An interrupt ends the wait
   * (false) and stays set.
   */
  static boolean awaitExit(CompletableFuture<?> onExit, BooleanSupplier isAlive, long timeout, TimeUnit unit) {
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
