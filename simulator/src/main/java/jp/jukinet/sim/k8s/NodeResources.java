package jp.jukinet.sim.k8s;

import jp.jukinet.sim.topology.NodeSpec;

/**
 * What one node's pod asks of the cluster, sized from its role and the residents it serves: a CS
 * holds its municipality's records, a prefecture server its prefecture's, the national server all
 * of them; memory follows the role (the servers relay and index far more than a CS; locally each
 * node runs in a 128 MiB heap, so even a CS pod has room to spare), storage the residents (about 4
 * KiB per resident with history and indexes, at least 1 GiB).
 *
 * @param cpuMillis CPU request in millicores
 * @param memoryMiB memory request (and limit) in MiB
 * @param storageGiB the data volume's size in GiB
 */
public record NodeResources(int cpuMillis, int memoryMiB, long storageGiB) {
  static final long BYTES_PER_RESIDENT = 4096;
  private static final long GIB = 1L << 30;

  public NodeResources {
    if (cpuMillis <= 0 || memoryMiB <= 0 || storageGiB <= 0) {
      throw new IllegalArgumentException(
          "resources must be positive: " + cpuMillis + "m, " + memoryMiB + "Mi, " + storageGiB);
    }
  }

  /** CS 100m/384Mi, prefecture 250m/768Mi, national 500m/1536Mi; storage from the residents. */
  public static NodeResources of(NodeSpec node) {
    long storage = Math.max(1, -Math.floorDiv(-node.population() * BYTES_PER_RESIDENT, GIB));
    return switch (node.id().role()) {
      case NODE_ROLE_CS -> new NodeResources(100, 384, storage);
      case NODE_ROLE_PREFECTURE -> new NodeResources(250, 768, storage);
      case NODE_ROLE_NATIONAL -> new NodeResources(500, 1536, storage);
      default -> throw new IllegalArgumentException(node.id() + " is not a node that runs");
    };
  }
}
