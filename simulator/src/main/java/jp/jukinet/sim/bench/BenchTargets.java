package jp.jukinet.sim.bench;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;

/**
 * The listening nodes of a running network a benchmark drives: every node, the CSs it drives (in
 * the state's order) and the national server.
 */
public record BenchTargets(
    Map<PeerId, InetSocketAddress> all,
    Map<PeerId, InetSocketAddress> css,
    PeerId national,
    InetSocketAddress nationalAddress) {
  public BenchTargets {
    all = Map.copyOf(all);
    css = Collections.unmodifiableMap(new LinkedHashMap<>(css));
  }

  /**
   * The nodes of {@code state}, with at most {@code maxCss} CSs (0: every CS); throws when the
   * network in {@code dir} has no national server or no CS.
   */
  public static BenchTargets of(NetworkState state, RunDirectory dir, int maxCss) {
    Map<PeerId, InetSocketAddress> all = new LinkedHashMap<>();
    Map<PeerId, InetSocketAddress> css = new LinkedHashMap<>();
    PeerId national = null;
    InetSocketAddress nationalAddress = null;
    for (NetworkState.Node n : state.nodes()) {
      if (n.port() <= 0) {
        continue;
      }
      InetSocketAddress address = new InetSocketAddress(n.host(), n.port());
      all.put(n.id(), address);
      if (n.id().role() == NodeRole.NODE_ROLE_CS && (maxCss == 0 || css.size() < maxCss)) {
        css.put(n.id(), address);
      } else if (n.id().role() == NodeRole.NODE_ROLE_NATIONAL) {
        national = n.id();
        nationalAddress = address;
      }
    }
    if (national == null || css.isEmpty()) {
      throw new IllegalStateException(
          "the network in " + dir.root() + " has no national server or no CS");
    }
    return new BenchTargets(all, css, national, nationalAddress);
  }
}
