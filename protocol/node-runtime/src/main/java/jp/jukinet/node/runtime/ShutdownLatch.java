package jp.jukinet.node.runtime;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail of every long-running {@code main} (a node's, the in-JVM host's): on SIGTERM a shutdown
 * hook closes what runs, in order, and {@link #await()} returns once it has.
 */
public final class ShutdownLatch {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownLatch.class);

  private final CountDownLatch stopped = new CountDownLatch(1);

  private ShutdownLatch() {}

  /**
   * Installs the hook that closes {@code resources} in order; {@code who} names the program in the
   * log.
   */
  public static ShutdownLatch install(String who, AutoCloseable... resources) {
    ShutdownLatch latch = new ShutdownLatch();
    List<AutoCloseable> order = List.of(resources);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("{}: stopping", who);
                  try {
                    for (AutoCloseable r : order) {
                      try {
                        r.close();
                      } catch (Exception e) {
                        LOG.error("{}: closing {} failed: {}", who, r, e.toString(), e);
                      }
                    }
                  } finally {
                    LOG.info("{}: stopped", who);
                    latch.stopped.countDown();
                  }
                },
                "shutdown-" + who));
    return latch;
  }

  /** Blocks until the hook has closed everything (or this thread is interrupted). */
  public void await() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
