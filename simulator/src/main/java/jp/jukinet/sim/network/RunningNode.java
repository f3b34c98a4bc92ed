package jp.jukinet.sim.network;

import java.time.Duration;
import jp.jukinet.protocol.pki.PeerId;

/** A node started by {@link LocalNetwork}: a process of its own, or an object in this JVM. */
interface RunningNode {
  PeerId id();

  /** The bound port, once known. */
  int port();

  /** The process running the node (this JVM for in-JVM nodes). */
  ProcessRef process();

  boolean isAlive();

  /** Stops the node abruptly: SIGKILL for a process, closing its sockets for an in-JVM node. */
  void kill();

  /** Stops the node cleanly, forcibly after {@code grace}. */
  void stop(Duration grace);
}
