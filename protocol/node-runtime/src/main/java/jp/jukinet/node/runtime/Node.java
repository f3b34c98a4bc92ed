package jp.jukinet.node.runtime;

import java.net.InetSocketAddress;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeStatus;

/**
 * A running node, as a launcher sees it: national server, prefecture server or CS. Nodes are
 * started by their own {@code static start(NodeConfig, NodeRuntime)}; {@link #close()} stops the
 * node's server and links but leaves the shared {@link NodeRuntime} running.
 */
public interface Node extends AutoCloseable {
  /** The config's node. */
  PeerId id();

  /** Where the node's server listens (the bound port, never 0). */
  InetSocketAddress localAddress();

  /** The node's own view of itself and its links, as answered to a NodeStatusRequest. */
  NodeStatus status();

  @Override
  void close();

  /**
   * Drops the node as a crash would, as far as one JVM allows: its sockets close without any
   * goodbye and the commits queued in its database are dropped instead of awaited ({@link
   * jp.jukinet.node.store.NodeDatabase#abandon()}); the database handles are released so the node
   * can start again in this JVM. A process gets the real thing from SIGKILL.
   */
  void abandon();
}
