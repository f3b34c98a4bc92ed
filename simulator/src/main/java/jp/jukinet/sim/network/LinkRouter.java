package jp.jukinet.sim.network;

import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.pki.PeerId;

/**
 * Where a node dials its upstream: the upstream's own address, or a fault proxy on that link (a
 * scenario's cut, delay or drop), which then stands in the node's config as its upstream address.
 */
@FunctionalInterface
public interface LinkRouter {
  /** Every link straight to its upstream. */
  LinkRouter DIRECT = (node, upstream, address) -> address;

  /**
   * @param node the node that dials
   * @param upstream the node it dials
   * @param address where {@code upstream} listens
   * @return the address {@code node} dials for it
   */
  HostPort route(PeerId node, PeerId upstream, HostPort address);
}
