package jp.jukinet.sim.scenario;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** The live progress line: redrawn every second from {@code line} until stopped. */
final class Progress implements AutoCloseable {
  private final PrintWriter out;
  private final Supplier<String> line;
  private Thread thread;
  private volatile boolean running;

  Progress(PrintWriter out, Supplier<String> line) {
    this.out = out;
    this.line = line;
  }

  void start() {
    running = true;
    thread =
        new Thread(
            () -> {
              while (running) {
                String l = line.get();
                synchronized (out) {
                  out.print("\r" + l + "   ");
                  out.flush();
                }
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "scenario-progress");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    if (thread == null || !running) {
      return;
    }
    running = false;
    thread.interrupt();
    synchronized (out) {
      out.println("\r" + line.get());
      out.flush();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
