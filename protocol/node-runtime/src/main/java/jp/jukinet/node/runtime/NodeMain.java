package jp.jukinet.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.config.SimulatedCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of every node's {@code main}: read the config named on the command line, start the node
 * on its own {@link NodeRuntime}, publish the bound port, and stop cleanly on SIGTERM. Exit status
 * 2 for a bad command line or config, 1 when the node fails to start.
 */
public final class NodeMain {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  /** How a node module starts its node. */
  @FunctionalInterface
  public interface Starter {
    Node start(NodeConfig config, NodeRuntime runtime);
  }

  /**
   * The system property naming the file where a node records its own process (pid and start time)
   * before anything else, so a launcher interrupted at any moment leaves a record {@code down}
   * finds.
   */
  public static final String PID_FILE_PROPERTY = "jukinet.pid.file";

  private NodeMain() {}

  public static void run(String program, String[] args, Starter starter) {
    writePidFile(System.getProperty(PID_FILE_PROPERTY));
    if (args.length != 1 || args[0].startsWith("-")) {
      System.err.println("usage: " + program + " <config.yaml>");
      System.exit(2);
    }
    NodeConfig config;
    try {
      config = NodeConfig.load(Path.of(args[0]));
    } catch (IllegalArgumentException e) {
      System.err.println(program + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.calendar() != null) {
      // The process runs one network, on one calendar: the log layout prints its time.
      System.setProperty(SimulatedCalendar.PROPERTY, config.calendar().toProperty());
    }
    NodeRuntime runtime = NodeRuntime.forSingleNode();
    Node node;
    try {
      node = starter.start(config, runtime);
    } catch (RuntimeException e) {
      LOG.error("{}: failed to start: {}", config.node(), e.toString(), e);
      runtime.close();
      System.exit(1);
      return;
    }
    ShutdownLatch stopped = ShutdownLatch.install(config.node().name(), node, runtime);
    if (config.portFile() != null) {
      try {
        writePortFile(config.portFile(), node.localAddress().getPort());
      } catch (UncheckedIOException e) {
        LOG.error("{}: {}", config.node(), e.getMessage(), e);
        System.exit(1); // the shutdown hook closes the node
      }
    }
    LOG.info(
        "{}: {} started on {} (config: {})",
        config.node(),
        program,
        node.localAddress(),
        describe(config));
    stopped.await();
  }

  /** The effective configuration, on one line. */
  public static String describe(NodeConfig c) {
    return "listen="
        + c.listen()
        + (c.upstream() == null ? "" : ", upstream=" + c.upstreamNode() + "@" + c.upstream())
        + ", data_dir="
        + c.dataDir()
        + ", pki_dir="
        + c.pkiDir()
        + (c.portFile() == null ? "" : ", port_file=" + c.portFile());
  }

  /**
   * Writes "pid start-time-millis" of this process to {@code file} (when named): the start time
   * tells a reader a reused pid from this process. A failure is only logged: the launcher finds the
   * process by its command line too.
   */
  public static void writePidFile(String file) {
    if (file == null || file.isBlank()) {
      return;
    }
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    try {
      writeAtomically(Path.of(file), self.pid() + " " + started + "\n");
    } catch (UncheckedIOException e) {
      LOG.warn("cannot write pid file {}: {}", file, e.getMessage());
    }
  }

  /** Writes the port to a temporary file and renames it, so a reader never sees half a number. */
  public static void writePortFile(Path file, int port) {
    writeAtomically(file, port + "\n");
  }

  private static void writeAtomically(Path file, String text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
