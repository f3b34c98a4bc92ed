package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;

/**
 * A fault's target: a node by name ({@code national}, {@code pref-190004}, {@code cs-192015}) or a
 * selector of one by role ({@code prefecture:first}, {@code cs:largest} — the most populous, {@code
 * cs:last}).
 */
public record NodeRef(String text) implements Checked {
  @JsonCreator
  public static NodeRef parse(String text) {
    String t = text.trim();
    if (t.contains(":")) {
      String[] parts = t.split(":", 2);
      role(parts[0]);
      if (!List.of("first", "last", "largest").contains(parts[1])) {
        throw new IllegalArgumentException(
            "selector '" + t + "': after ':' comes first, last or largest");
      }
    } else {
      try {
        PeerId.parse(t);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "'"
                + t
                + "' is not a node (national, pref-190004, cs-192015) nor a selector"
                + " (prefecture:first, cs:largest)");
      }
    }
    return new NodeRef(t);
  }

  private static NodeRole role(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "national" -> NodeRole.NODE_ROLE_NATIONAL;
      case "prefecture", "pref" -> NodeRole.NODE_ROLE_PREFECTURE;
      case "cs" -> NodeRole.NODE_ROLE_CS;
      default ->
          throw new IllegalArgumentException(
              "'" + word + "' is not a role: national, prefecture or cs");
    };
  }

  /** The node this names in {@code topology}. */
  public NodeSpec resolve(Topology topology) {
    if (!text.contains(":")) {
      PeerId id = PeerId.parse(text);
      return topology
          .findNode(id)
          .orElseThrow(() -> new IllegalArgumentException("the topology has no node " + id.name()));
    }
    String[] parts = text.split(":", 2);
    NodeRole role = role(parts[0]);
    List<NodeSpec> of = topology.nodes().stream().filter(n -> n.id().role() == role).toList();
    if (of.isEmpty()) {
      throw new IllegalArgumentException("the topology has no " + parts[0] + " node");
    }
    return switch (parts[1]) {
      case "first" -> of.get(0);
      case "last" -> of.get(of.size() - 1);
      default -> of.stream().max(Comparator.comparingLong(NodeSpec::population)).orElseThrow();
    };
  }

  @Override
  public void check(ScenarioContext context) {
    if (context.topology() != null) {
      resolve(context.topology());
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
