package jp.jukinet.sim.scenario;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.network.LinkRouter;

/**
 * The fault proxies of a run: one on the upstream link of each node a link fault targets, put there
 * when the network is launched (the node's config names the proxy as its upstream), so a later cut,
 * drop or delay needs no restart. A restarted node dials the same proxy.
 */
final class LinkProxies implements LinkRouter, Closeable {
  private final Set<PeerId> routed;
  private final Map<PeerId, FaultProxy> proxies = new ConcurrentHashMap<>();

  /**
   * @param routed the nodes whose upstream link goes through a proxy
   */
  LinkProxies(Set<PeerId> routed) {
    this.routed = Set.copyOf(routed);
  }

  @Override
  public HostPort route(PeerId node, PeerId upstream, HostPort address) {
    if (!routed.contains(node)) {
      return address;
    }
    return proxies
        .computeIfAbsent(
            node,
            n -> {
              try {
                return new FaultProxy(n.name() + " → " + upstream.name(), address);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot open a fault proxy for " + n, e);
              }
            })
        .address();
  }

  /** The proxy on {@code node}'s upstream link. */
  FaultProxy of(PeerId node) {
    FaultProxy p = proxies.get(node);
    if (p == null) {
      throw new IllegalStateException(node + "'s upstream link has no fault proxy");
    }
    return p;
  }

  /** Whether any proxy does anything but pass traffic (none must, after a run). */
  boolean anyFaulty() {
    return proxies.values().stream().anyMatch(p -> p.state() != FaultProxy.State.PASS);
  }

  @Override
  public void close() {
    proxies.values().forEach(FaultProxy::close);
  }
}
