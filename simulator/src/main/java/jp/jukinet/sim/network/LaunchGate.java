package jp.jukinet.sim.network;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an interrupted {@code up} needs to stop everything it started: every process starts through
 * the gate, and once the gate is closed (by the command's shutdown hook) none starts any more, so
 * the hook's list of started processes is final.
 */
public final class LaunchGate {
  private final List<ProcessRef> launched = new ArrayList<>();
  private boolean closed;

  /**
   * Starts something through {@code start} unless the gate is closed, recording the process {@code
   * process} says it runs in.
   *
   * @throws LaunchInterruptedException when the gate is closed
   */
  public synchronized <T> T launch(Supplier<T> start, Function<T, ProcessRef> process) {
    if (closed) {
      throw new LaunchInterruptedException();
    }
    T started = start.get();
    launched.add(process.apply(started));
    return started;
  }

  /** No process starts any more; returns those that did. */
  public synchronized List<ProcessRef> close() {
    closed = true;
    return List.copyOf(launched);
  }

  /** A launch refused because the command was interrupted. */
  public static final class LaunchInterruptedException extends IllegalStateException {
    LaunchInterruptedException() {
      super("interrupted: no more nodes start");
    }
  }
}
