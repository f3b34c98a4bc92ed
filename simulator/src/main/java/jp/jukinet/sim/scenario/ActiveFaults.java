package jp.jukinet.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults applied and not yet healed: each is healed after its duration, and every one still
 * active by {@link #healAll} (the end of the run, an abort, Ctrl-C), so no run leaves a paused
 * process, a dead node or a cut link behind. Records each apply and heal in the history, and each
 * fault's window for the report.
 */
final class ActiveFaults implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveFaults.class);

  /** A fault's window in the run: ms since start; {@code healedMs} -1 while active. */
  record Window(String fault, long appliedMs, long healedMs, String error) {}

  private final History history;
  private volatile long startMillis;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scenario-fault-timer");
            t.setDaemon(true);
            return t;
          });
  private final Map<Fault, Integer> active = new LinkedHashMap<>();
  private final List<Window> windows = new ArrayList<>();

  ActiveFaults(History history, long startMillis) {
    this.history = history;
    this.startMillis = startMillis;
  }

  /** Windows count from here (the timeline's start). */
  void startAt(long millis) {
    this.startMillis = millis;
  }

  /** Applies {@code fault} now and heals it after {@code duration}. */
  void apply(Fault fault, Duration duration) {
    long now = System.currentTimeMillis();
    synchronized (this) {
      fault.apply();
      active.put(fault, windows.size());
      windows.add(new Window(fault.describe(), now - startMillis, -1, null));
    }
    history.record(
        "fault",
        now,
        Map.of("fault", fault.describe(), "phase", "apply", "for_ms", duration.toMillis()));
    timer.schedule(() -> heal(fault), duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Heals {@code fault} if it is still active. */
  void heal(Fault fault) {
    Integer index;
    String error = null;
    synchronized (this) {
      index = active.remove(fault);
      if (index == null) {
        return;
      }
      try {
        fault.heal();
      } catch (RuntimeException e) {
        error = e.getMessage();
        LOG.warn("scenario: healing '{}' failed: {}", fault.describe(), e.toString());
      }
      long now = System.currentTimeMillis();
      Window w = windows.get(index);
      windows.set(index, new Window(w.fault(), w.appliedMs(), now - startMillis, error));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("fault", fault.describe());
    fields.put("phase", "heal");
    if (error != null) {
      fields.put("error", error);
    }
    history.record("fault", System.currentTimeMillis(), fields);
  }

  /** Heals every fault still active, in the order applied. */
  void healAll() {
    List<Fault> left;
    synchronized (this) {
      left = new ArrayList<>(active.keySet());
    }
    left.forEach(this::heal);
  }

  synchronized List<String> describeActive() {
    return active.keySet().stream().map(Fault::describe).toList();
  }

  synchronized List<Window> windows() {
    return List.copyOf(windows);
  }

  @Override
  public void close() {
    healAll();
    timer.shutdownNow();
  }
}
