package jp.jukinet.sim.testing;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.NetworkState;

/**
 * A client connection to one node of a {@link LocalNetwork} under any identity of its PKI, for
 * tests that play a part no real node would (a CS sending what a CS must not, a prefecture server
 * handing a CS a malformed message). A client only: it serves nothing.
 */
public final class PeerClient {
  private static final EnvelopeHandler IGNORE =
      new EnvelopeHandler() {
        @Override
        public void onEnvelope(Connection connection, Envelope envelope) {}
      };

  private PeerClient() {}

  /**
   * Connects to {@code node} as {@code as}, ignoring what the node sends; the caller closes the
   * connection.
   */
  public static Connection connect(LocalNetwork net, NodeRuntime runtime, PeerId as, PeerId node)
      throws Exception {
    return connect(net, runtime, as, node, IGNORE);
  }

  /** As {@link #connect(LocalNetwork, NodeRuntime, PeerId, PeerId)}, presenting {@code tls}. */
  public static Connection connect(
      LocalNetwork net, NodeRuntime runtime, NodeTls tls, PeerId as, PeerId node) throws Exception {
    return connect(net, runtime, tls, as, node, IGNORE);
  }

  /** Connects to {@code node} as {@code as}, with {@code handler} answering what the node sends. */
  public static Connection connect(
      LocalNetwork net, NodeRuntime runtime, PeerId as, PeerId node, EnvelopeHandler handler)
      throws Exception {
    return connect(net, runtime, NodeTls.load(net.directory().pkiDir(), as), as, node, handler);
  }

  /**
   * Connects to {@code node} as {@code as} presenting {@code tls} (e.g. a short-lived certificate).
   */
  public static Connection connect(
      LocalNetwork net,
      NodeRuntime runtime,
      NodeTls tls,
      PeerId as,
      PeerId node,
      EnvelopeHandler handler)
      throws Exception {
    NetworkState.Node n =
        net.state().nodes().stream()
            .filter(x -> x.id().equals(node))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no node " + node + " in the network"));
    return TransportClient.connect(
            runtime.transport(),
            tls,
            as,
            node,
            new InetSocketAddress(n.host(), n.port()),
            handler,
            TransportSettings.defaults())
        .get(20, TimeUnit.SECONDS);
  }
}
