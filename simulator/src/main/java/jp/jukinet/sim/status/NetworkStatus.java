package jp.jukinet.sim.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.LinkState;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.network.NetworkState;

/**
 * The state of a whole local network as the servers see it: every node's answer and whether each
 * expected link (node → its upstream) is up. A link counts as up only when the server lists it as
 * an accepted inbound link, i.e. after it accepted the Hello. Serialized as the {@code --json}
 * output of {@code status}.
 */
public record NetworkStatus(
    String mode,
    String topology,
    int nodesAnswering,
    int linksExpected,
    int linksUp,
    List<String> linksNotUp,
    List<NodeView> nodes) {

  /**
   * One node; {@code acceptFailures}: connections it could not accept (e.g. out of file
   * descriptors).
   */
  public record NodeView(
      String node,
      String address,
      Long pid,
      boolean answering,
      String error,
      Long startedAtMillis,
      Long certificateNotAfterMillis,
      List<LinkView> links,
      long acceptFailures) {}

  /** A link as one end reports it; direction is "out" (this node dialled) or "in". */
  public record LinkView(String peer, String direction, String state, long sinceMillis) {}

  public boolean allAnswering() {
    return nodesAnswering == nodes.size();
  }

  /** The nodes that did not answer, each as "name: why". */
  @JsonProperty("not_answering")
  public List<String> notAnswering() {
    return nodes.stream()
        .filter(n -> !n.answering())
        .map(n -> n.node() + ": " + n.error())
        .toList();
  }

  public boolean allLinksUp() {
    return linksUp == linksExpected;
  }

  public static NetworkStatus of(
      String mode,
      String topology,
      List<NetworkState.Node> expected,
      List<StatusCollector.Answer> answers) {
    Map<PeerId, StatusCollector.Answer> byNode = new HashMap<>();
    answers.forEach(a -> byNode.put(a.node(), a));
    List<NodeView> views = new ArrayList<>();
    int answering = 0;
    int linksExpected = 0;
    List<String> notUp = new ArrayList<>();
    for (NetworkState.Node n : expected) {
      StatusCollector.Answer a = byNode.get(n.id());
      Long pid = n.process() == null ? null : n.process().pid();
      if (a != null && a.answered()) {
        answering++;
        List<LinkView> links = new ArrayList<>();
        for (LinkStatus l : a.status().getLinksList()) {
          if (l.getPeer().getRole() != NodeRole.NODE_ROLE_MONITOR) {
            links.add(
                new LinkView(
                    PeerId.fromProto(l.getPeer()).name(),
                    l.getOutbound() ? "out" : "in",
                    stateWord(l.getState()),
                    l.getSinceMillis()));
          }
        }
        views.add(
            new NodeView(
                n.name(),
                a.status().getListenAddress(),
                pid,
                true,
                null,
                a.status().getStartedAtMillis(),
                a.status().getCertificateNotAfterMillis(),
                links,
                a.status().getCountersOrDefault("accept_failures", 0L)));
      } else {
        views.add(
            new NodeView(
                n.name(),
                n.host() + ":" + n.port(),
                pid,
                false,
                a == null ? "not queried" : a.error(),
                null,
                null,
                List.of(),
                0));
      }
      if (n.upstream() != null) {
        linksExpected++;
        StatusCollector.Answer server = byNode.get(n.upstreamId());
        if (!(server != null && server.acceptedFrom(n.id()))) {
          notUp.add(n.name() + " -> " + n.upstream());
        }
      }
    }
    return new NetworkStatus(
        mode, topology, answering, linksExpected, linksExpected - notUp.size(), notUp, views);
  }

  static String stateWord(LinkState s) {
    return switch (s) {
      case LINK_STATE_UP -> "UP";
      case LINK_STATE_CONNECTING -> "CONNECTING";
      case LINK_STATE_DOWN -> "DOWN";
      default -> "UNKNOWN";
    };
  }
}
