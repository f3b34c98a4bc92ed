package jp.jukinet.sim.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.topology.TopologyFile;

/**
 * A topology file ({@link TopologyFile}) placing every node at its address in the cluster, so that
 * the CLI run inside the cluster ({@code status --topology}, {@code verify --topology}) finds them.
 * Names and populations are written out, so a synthetic topology's codes need no data.
 */
final class ClusterTopology {
  private ClusterTopology() {}

  static String yaml(Topology topology, Function<PeerId, HostPort> address) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", topology.name());
    List<Map<String, Object>> prefectures = new ArrayList<>();
    List<Map<String, Object>> municipalities = new ArrayList<>();
    for (NodeSpec node : topology.nodes()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      String listen = address.apply(node.id()).toString();
      switch (node.id().role()) {
        case NODE_ROLE_NATIONAL -> root.put("national", Map.of("listen", listen));
        case NODE_ROLE_PREFECTURE -> {
          entry.put("code", node.id().code());
          entry.put("listen", listen);
          entry.put("name", node.name());
          prefectures.add(entry);
        }
        case NODE_ROLE_CS -> {
          entry.put("code", node.id().code());
          entry.put("listen", listen);
          entry.put("name", node.name());
          entry.put("population", node.population());
          municipalities.add(entry);
        }
        default -> throw new IllegalArgumentException(node.id() + " is not a node that runs");
      }
    }
    root.put("prefectures", prefectures);
    root.put("municipalities", municipalities);
    try {
      return KubernetesManifests.YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
