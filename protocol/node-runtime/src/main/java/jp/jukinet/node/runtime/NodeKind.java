package jp.jukinet.node.runtime;

import java.util.Objects;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * What a node program is (e.g. {@code pref-server} running {@code pref} nodes of role {@code
 * NODE_ROLE_PREFECTURE}), and the check that it runs only such nodes.
 *
 * @param program the program's name, as in messages ({@code cs-node}, {@code pref-server}, …)
 * @param kind the short name of the nodes it runs ({@code cs}, {@code pref}, {@code national})
 * @param role the role a node it runs must have
 */
public record NodeKind(String program, String kind, NodeRole role) {
  public NodeKind {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    if (program.isBlank() || kind.isBlank()) {
      throw new IllegalArgumentException(
          "program and kind must not be blank, got '" + program + "', '" + kind + "'");
    }
  }

  /** Refuses a config whose node has another role. */
  public void requireRunnable(NodeConfig config) {
    if (config.node().role() != role) {
      throw new IllegalArgumentException(
          program + " cannot run node " + config.node() + ": it runs a " + kind + " node");
    }
  }
}
