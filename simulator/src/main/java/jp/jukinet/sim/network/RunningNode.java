package jp.jukinet.sim.network;

import jp.jukinet.protocol.pki.PeerId;

/** A node started by {@link LocalNetwork}: a process of its own, or an object in this JVM. */
interface RunningNode {
  PeerId id();

  /** The bound port, once known. */
  int port();

  /** The process running the node (this JVM for in-JVM nodes). */
  ProcessRef process();

  boolean isAlive();

  /**
   * Crashes the node: SIGKILL for a process, {@link jp.jukinet.node.runtime.Node#abandon()} in-JVM.
   */
  void kill();

  /**
   * Asks the node to stop without waiting (SIGTERM to a process), so that stopping a whole network
   * takes one grace period rather than one per node; {@link #stop()} then waits.
   */
  default void requestStop() {}

  /**
   * Stops the node cleanly: its queued commits are written first (a process gets SIGKILL after its
   * grace period).
   */
  void stop();
}
