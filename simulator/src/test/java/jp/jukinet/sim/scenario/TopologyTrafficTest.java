package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Test;

/**
 * Each link's traffic during a run from two samples of the nodes' status: the difference, the end's
 * counts for a node restarted in between, the end that counted more, and the faulted marked.
 */
class TopologyTrafficTest {
  private static final Topology T = Topologies.resolve("synthetic:1x2");
  private static final PeerId NATIONAL = PeerId.national();
  private static final PeerId PREF = T.prefectures().get(0).id();
  private static final PeerId CS1 = T.css().get(0).id();
  private static final PeerId CS2 = T.css().get(1).id();

  private static final String YAML =
      """
      name: t
      topology: synthetic:1x2
      timeline:
        - fault: {kind: cut, target: %s, duration: 1s}
        - fault: {kind: kill, target: prefecture:first, duration: 1s}
      """
          .formatted(CS1.name());

  @Test
  void eachLinkCarriesWhatItsNodesCountedBetweenTheSamples() {
    Scenario s = ScenarioParser.parse(Path.of("t.yaml"), YAML);
    // start: the CSs and the national server count; the prefecture server too
    List<StatusCollector.Answer> start =
        List.of(
            answer(NATIONAL, 1, link(PREF, false, 10, 1000, 20, 2000)),
            answer(
                PREF,
                1,
                link(NATIONAL, true, 20, 2000, 10, 1000),
                link(CS1, false, 5, 500, 7, 700),
                link(CS2, false, 1, 100, 1, 100)),
            answer(CS1, 1, link(PREF, true, 7, 700, 5, 500)),
            answer(CS2, 1, link(PREF, true, 1, 100, 1, 100)));
    // end: the prefecture server restarted (its counts began again, CS2's link even past its
    // start's); CS2 did not answer
    List<StatusCollector.Answer> end =
        List.of(
            answer(NATIONAL, 1, link(PREF, false, 15, 1500, 120, 12000)),
            answer(
                PREF,
                2,
                link(NATIONAL, true, 3, 300, 1, 100),
                link(CS1, false, 2, 200, 4, 400),
                link(CS2, false, 9, 900, 30, 3000)),
            answer(CS1, 1, link(PREF, true, 57, 5700, 45, 4500)),
            new StatusCollector.Answer(CS2, null, null, "timed out"));
    TopologyTraffic t = TopologyTraffic.measure(T, s, start, end);

    assertEquals(4, t.nodes().size());
    assertTrue(node(t, PREF).faulted(), "killed");
    assertFalse(node(t, CS1).faulted(), "its link was cut, not the node");

    // the national server's difference (100 up, 5 down) beats the restarted server's 4 frames
    assertEquals(
        new TopologyTraffic.Link(PREF.name(), NATIONAL.name(), 100, 10_000, 5, 500, true, false),
        link(t, PREF));
    // CS1's own difference: 50 up, 40 down; its link was the cut one
    assertEquals(
        new TopologyTraffic.Link(CS1.name(), PREF.name(), 50, 5000, 40, 4000, true, true),
        link(t, CS1));
    // CS2 silent at the end: the restarted prefecture server's counts since its restart, whole
    assertEquals(
        new TopologyTraffic.Link(CS2.name(), PREF.name(), 30, 3000, 9, 900, true, false),
        link(t, CS2));
  }

  @Test
  void aLinkNeitherEndAnsweredIsNotMeasured() {
    Scenario s = ScenarioParser.parse(Path.of("t.yaml"), YAML);
    TopologyTraffic t = TopologyTraffic.measure(T, s, List.of(), List.of());
    assertEquals(3, t.links().size());
    t.links().forEach(l -> assertFalse(l.measured(), l.toString()));
  }

  private static StatusCollector.Answer answer(
      PeerId node, long startedAtMillis, LinkStatus... links) {
    NodeStatus.Builder b =
        NodeStatus.newBuilder().setNode(node.toProto()).setStartedAtMillis(startedAtMillis);
    List.of(links).forEach(b::addLinks);
    return new StatusCollector.Answer(node, new InetSocketAddress("127.0.0.1", 1), b.build(), null);
  }

  private static LinkStatus link(
      PeerId peer, boolean outbound, long framesSent, long bytesSent, long framesIn, long bytesIn) {
    return LinkStatus.newBuilder()
        .setPeer(peer.toProto())
        .setOutbound(outbound)
        .setFramesSent(framesSent)
        .setBytesSent(bytesSent)
        .setFramesReceived(framesIn)
        .setBytesReceived(bytesIn)
        .build();
  }

  private static TopologyTraffic.Node node(TopologyTraffic t, PeerId id) {
    return t.nodes().stream().filter(n -> n.id().equals(id.name())).findFirst().orElseThrow();
  }

  private static TopologyTraffic.Link link(TopologyTraffic t, PeerId from) {
    return t.links().stream().filter(l -> l.from().equals(from.name())).findFirst().orElseThrow();
  }
}
