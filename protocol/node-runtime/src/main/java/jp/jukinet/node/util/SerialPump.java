package jp.jukinet.node.util;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a pump on an executor, never two runs at once: a {@link #schedule()} while it runs makes it
 * run once more afterwards, so nothing scheduled is missed and no lock is held while sending.
 * Shared by the senders that pump a durable queue onto a link (変更情報, routed messages).
 */
public final class SerialPump {
  private final Executor executor;
  private final Runnable pump;
  private final Consumer<RuntimeException> onFailure;
  private final AtomicInteger wip = new AtomicInteger();

  /**
   * @param onFailure told when a run throws (to log it); the pump still runs again if asked
   */
  public SerialPump(Executor executor, Runnable pump, Consumer<RuntimeException> onFailure) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.pump = Objects.requireNonNull(pump, "pump");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
  }

  /** Asks for a run: starts one on the executor unless one is running, which then runs again. */
  public void schedule() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(
          () -> {
            int missed = 1;
            do {
              try {
                pump.run();
              } catch (RuntimeException e) {
                onFailure.accept(e);
              }
              missed = wip.addAndGet(-missed);
            } while (missed != 0);
          });
    }
  }
}
