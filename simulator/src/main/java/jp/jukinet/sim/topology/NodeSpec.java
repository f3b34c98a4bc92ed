package jp.jukinet.sim.topology;

import java.util.Objects;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * One server of a topology: the national server, a prefecture server or a CS.
 *
 * @param id who it is (its certificate subject)
 * @param name display name in kanji: 全国サーバ, 山梨県, 甲府市
 * @param listen where it listens; port 0 (generated topologies use 127.0.0.1:0) picks a free port
 * @param upstream the node it dials: its prefecture for a CS, the national server for a prefecture,
 *     null for the national server
 * @param population residents it serves (for a prefecture and the national server, the sum of the
 *     CSs below it in this topology)
 */
public record NodeSpec(PeerId id, String name, HostPort listen, PeerId upstream, long population) {
  public NodeSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    NodeRole expectedUpstream =
        switch (id.role()) {
          case NODE_ROLE_NATIONAL -> null;
          case NODE_ROLE_PREFECTURE -> NodeRole.NODE_ROLE_NATIONAL;
          case NODE_ROLE_CS -> NodeRole.NODE_ROLE_PREFECTURE;
          default ->
              throw new IllegalArgumentException(
                  "node " + id + ": only national, pref and cs peers are nodes of a topology");
        };
    if (expectedUpstream == null
        ? upstream != null
        : upstream == null || upstream.role() != expectedUpstream) {
      throw new IllegalArgumentException(
          "node "
              + id
              + ": upstream "
              + upstream
              + " must be "
              + (expectedUpstream == null
                  ? "none"
                  : "a " + PeerId.roleName(expectedUpstream) + " node"));
    }
    if (id.role() == NodeRole.NODE_ROLE_CS
        && !upstream.code().startsWith(id.code().substring(0, 2))) {
      throw new IllegalArgumentException(
          "node " + id + ": upstream " + upstream + " is not its own prefecture");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("node " + id + ": name is empty");
    }
    if (population < 0) {
      throw new IllegalArgumentException("node " + id + ": population " + population + " < 0");
    }
  }

  /** "cs-192015 甲府市", for logs and messages. */
  public String label() {
    return id.name() + " " + name;
  }
}
