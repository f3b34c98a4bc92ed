package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.transport.LinkTraffic;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;

/**
 * The run's network as the report draws it: every node, and every server-to-server link with the
 * frames and bytes it carried during the run, from the nodes' status (NodeStatus links) sampled
 * when the timeline started and after the final checks; the nodes and links a fault targeted are
 * marked.
 *
 * @param nodes national server, prefecture servers, CSs, in that order
 * @param links each CS's and prefecture server's link to its upstream
 */
public record TopologyTraffic(List<Node> nodes, List<Link> links) {
  /**
   * @param role national, prefecture or cs
   * @param upstream the server it dials, or null for the national server
   * @param faulted a kill or pause targeted it
   */
  public record Node(String id, String name, String role, String upstream, boolean faulted) {}

  /**
   * One link, {@code from} (below) dialling {@code to}: up is from → to.
   *
   * @param measured whether either end answered the last sample (else the counts are 0)
   * @param faulted a link fault (cut, drop, delay) targeted it
   */
  public record Link(
      String from,
      String to,
      long framesUp,
      long bytesUp,
      long framesDown,
      long bytesDown,
      boolean measured,
      boolean faulted) {}

  public TopologyTraffic {
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
  }

  /** The traffic between {@code start} and {@code end}, the nodes' answers at either end. */
  static TopologyTraffic measure(
      Topology topology,
      Scenario scenario,
      List<StatusCollector.Answer> start,
      List<StatusCollector.Answer> end) {
    Set<PeerId> faultedNodes = new HashSet<>();
    Set<PeerId> faultedLinks = new HashSet<>();
    for (Step s : scenario.timeline()) {
      if (s instanceof FaultStep f) {
        PeerId target = f.target().resolve(topology).id();
        (f.kind().onLink() ? faultedLinks : faultedNodes).add(target);
      }
    }
    Map<PeerId, NodeStatus> before = answered(start);
    Map<PeerId, NodeStatus> after = answered(end);
    List<Node> nodes = new ArrayList<>();
    for (NodeSpec n : topology.nodes()) {
      nodes.add(
          new Node(
              n.id().name(),
              n.name(),
              role(n.id()),
              n.upstream() == null ? null : n.upstream().name(),
              faultedNodes.contains(n.id())));
    }
    List<Link> links = new ArrayList<>();
    for (Topology.Link l : topology.links()) {
      // Each end counts the link; a node restarted during the run counts from its restart, so the
      // end that counted more is the nearer.
      Optional<LinkTraffic> below = during(before, after, l.from(), l.to(), true);
      Optional<LinkTraffic> above =
          during(before, after, l.to(), l.from(), false).map(TopologyTraffic::swap);
      LinkTraffic t =
          below.isEmpty()
              ? above.orElse(LinkTraffic.NONE)
              : above.isEmpty() || frames(below.get()) >= frames(above.get())
                  ? below.get()
                  : above.get();
      links.add(
          new Link(
              l.from().name(),
              l.to().name(),
              t.framesSent(),
              t.bytesSent(),
              t.framesReceived(),
              t.bytesReceived(),
              below.isPresent() || above.isPresent(),
              faultedLinks.contains(l.from())));
    }
    return new TopologyTraffic(nodes, links);
  }

  /** national, prefecture or cs. */
  private static String role(PeerId id) {
    return id.role().name().substring("NODE_ROLE_".length()).toLowerCase(Locale.ROOT);
  }

  private static Map<PeerId, NodeStatus> answered(List<StatusCollector.Answer> answers) {
    return answers.stream()
        .filter(StatusCollector.Answer::answered)
        .collect(Collectors.toMap(StatusCollector.Answer::node, StatusCollector.Answer::status));
  }

  /**
   * What {@code node} counted with {@code peer} (as the dialling side or not) between the two
   * samples: the end's counts alone when the node started again in between (it counts from its
   * start).
   */
  private static Optional<LinkTraffic> during(
      Map<PeerId, NodeStatus> before,
      Map<PeerId, NodeStatus> after,
      PeerId node,
      PeerId peer,
      boolean outbound) {
    NodeStatus end = after.get(node);
    Optional<LinkTraffic> atEnd = row(end, peer, outbound);
    if (atEnd.isEmpty()) {
      return atEnd;
    }
    NodeStatus start = before.get(node);
    if (start == null || start.getStartedAtMillis() != end.getStartedAtMillis()) {
      return atEnd;
    }
    LinkTraffic e = atEnd.get();
    LinkTraffic s = row(start, peer, outbound).orElse(LinkTraffic.NONE);
    return Optional.of(
        new LinkTraffic(
            Math.max(0, e.framesSent() - s.framesSent()),
            Math.max(0, e.bytesSent() - s.bytesSent()),
            Math.max(0, e.framesReceived() - s.framesReceived()),
            Math.max(0, e.bytesReceived() - s.bytesReceived())));
  }

  private static Optional<LinkTraffic> row(NodeStatus status, PeerId peer, boolean outbound) {
    if (status == null) {
      return Optional.empty();
    }
    return status.getLinksList().stream()
        .filter(l -> l.getOutbound() == outbound && peerOf(l).equals(peer.name()))
        .findFirst()
        .map(TopologyTraffic::traffic);
  }

  private static String peerOf(LinkStatus l) {
    try {
      return PeerId.fromProto(l.getPeer()).name();
    } catch (RuntimeException e) {
      return ""; // not a node this run knows
    }
  }

  private static LinkTraffic traffic(LinkStatus l) {
    return new LinkTraffic(
        l.getFramesSent(), l.getBytesSent(), l.getFramesReceived(), l.getBytesReceived());
  }

  private static LinkTraffic swap(LinkTraffic t) {
    return new LinkTraffic(t.framesReceived(), t.bytesReceived(), t.framesSent(), t.bytesSent());
  }

  private static long frames(LinkTraffic t) {
    return t.framesSent() + t.framesReceived();
  }
}
