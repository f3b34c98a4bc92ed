package jp.jukinet.sim.network;

import java.nio.file.Path;
import jp.jukinet.node.runtime.NodeMain;
import jp.jukinet.node.runtime.ShutdownLatch;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background JVM of {@code jukinet up --in-jvm}: runs every node of a topology on one shared
 * runtime until SIGTERM ({@code jukinet down}), as a node's main runs its node ({@code NodeMain}).
 * {@code up} waits for the state file it writes.
 *
 * <p>Usage: {@code InJvmHost <topology> <run dir> [<host>]}: with a host, only the nodes the
 * topology places on it ({@code up --host}). Exit status 2 for bad arguments, 1 when the network
 * fails to start.
 */
public final class InJvmHost {
  private static final Logger LOG = LoggerFactory.getLogger(InJvmHost.class);

  private InJvmHost() {}

  public static void main(String[] args) {
    NodeMain.writePidFile(System.getProperty(NodeMain.PID_FILE_PROPERTY));
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: InJvmHost <topology> <run dir> [<host>]");
      System.exit(2);
    }
    Topology topology;
    try {
      topology = Topologies.resolve(args[0]);
    } catch (IllegalArgumentException e) {
      System.err.println("InJvmHost: " + e.getMessage());
      System.exit(2);
      return;
    }
    RunDirectory dir = new RunDirectory(Path.of(args[1]));
    long t0 = System.nanoTime();
    LocalNetwork net;
    try {
      net =
          LocalNetwork.start(
              topology,
              Mode.IN_JVM,
              dir,
              LaunchSettings.defaults(args[0]),
              new LaunchGate(),
              args.length == 3 ? args[2] : null);
    } catch (RuntimeException e) {
      LOG.error("host: the network failed to start: {}", e.toString(), e);
      System.exit(1);
      return;
    }
    ShutdownLatch stopped = ShutdownLatch.install("host", net);
    LOG.info(
        "host: {} nodes of {} started in {} ms (pid {})",
        net.nodeIds().size(),
        args[0],
        (System.nanoTime() - t0) / 1_000_000,
        ProcessHandle.current().pid());
    stopped.await();
  }
}
