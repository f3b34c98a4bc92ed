package jp.jukinet.node.runtime;

import java.net.InetSocketAddress;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeStatus;

/**
 * A running node, as a launcher sees it: national server, prefecture server or CS. Nodes are
 * started by their own {@code static start(NodeConfig, NodeRuntime)}; {@link #close()} stops
 * the node's server and links but leaves the shared {@link NodeRuntime} running.
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
}
