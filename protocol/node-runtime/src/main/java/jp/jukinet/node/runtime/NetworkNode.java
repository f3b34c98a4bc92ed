package jp.jukinet.node.runtime;

import java.net.InetSocketAddress;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;

/**
 * A node started from a {@link NodeConfig} on a {@link NodeTransport}: its identity is the
 * config's node and it listens where its transport's server does, the same for every node program.
 */
public interface NetworkNode extends NodeLifecycle {
  default NodeConfig config() {
    return transport().config();
  }

  /** The server, upstream link and link table. */
  NodeTransport transport();

  @Override
  default PeerId id() {
    return config().node();
  }

  @Override
  default InetSocketAddress localAddress() {
    return transport().localAddress();
  }
}
