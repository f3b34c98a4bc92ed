package jp.jukinet.node.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.LinkState;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.LinkTraffic;

/**
 * The links of one node and since when each is in its state. Inbound links appear when a peer's
 * Hello is accepted and disappear when the peer goes away (the server cannot know who should be
 * there); the outbound upstream link is always listed, CONNECTING until the server accepts our
 * Hello. Each link also carries the frames and bytes exchanged with its peer in its direction since
 * this node started, over every connection (a link that went down and up again keeps counting).
 * Thread-safe: updated from event loops, read by status requests.
 */
public final class LinkTable {
  /**
   * One link: whom it is with, which side dialled, its state, since when (epoch millis) and the
   * traffic with that peer in that direction since the node started.
   */
  public record Link(
      PeerId peer, boolean outbound, LinkState state, long sinceMillis, LinkTraffic traffic) {
    public Link {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(traffic, "traffic");
    }

    public LinkStatus toProto() {
      return LinkStatus.newBuilder()
          .setPeer(peer.toProto())
          .setState(state)
          .setOutbound(outbound)
          .setSinceMillis(sinceMillis)
          .setFramesSent(traffic.framesSent())
          .setBytesSent(traffic.bytesSent())
          .setFramesReceived(traffic.framesReceived())
          .setBytesReceived(traffic.bytesReceived())
          .build();
    }

    Link withTraffic(LinkTraffic t) {
      return new Link(peer, outbound, state, sinceMillis, t);
    }
  }

  /** A peer and a direction: what traffic is summed by. */
  private record Way(PeerId peer, boolean outbound) {}

  private final Clock clock;
  private final Map<PeerId, Link> outbound = new ConcurrentHashMap<>();
  // Keyed by connection, not peer: a reconnecting peer's new link may come up before the old one is
  // seen closing.
  private final Map<Connection, Link> inbound = new ConcurrentHashMap<>();
  private final Map<PeerId, Connection> outboundUp = new ConcurrentHashMap<>();

  /** The traffic of connections that have closed. */
  private final Map<Way, LinkTraffic> closedTraffic = new ConcurrentHashMap<>();

  public LinkTable(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Lists an outbound link that is not up yet (called when the node starts dialling). */
  public void dialling(PeerId peer) {
    set(peer, true, LinkState.LINK_STATE_CONNECTING);
  }

  public void up(Connection connection, boolean isOutbound) {
    if (isOutbound) {
      outboundUp.put(connection.peer(), connection);
      set(connection.peer(), true, LinkState.LINK_STATE_UP);
    } else {
      inbound.put(
          connection,
          new Link(
              connection.peer(), false, LinkState.LINK_STATE_UP, clock.millis(), LinkTraffic.NONE));
    }
  }

  /** An outbound link goes back to CONNECTING (the link redials); an inbound one is dropped. */
  public void down(Connection connection, boolean isOutbound) {
    closedTraffic.merge(
        new Way(connection.peer(), isOutbound), connection.traffic(), LinkTraffic::plus);
    if (isOutbound) {
      outboundUp.remove(connection.peer(), connection);
      set(connection.peer(), true, LinkState.LINK_STATE_CONNECTING);
    } else {
      inbound.remove(connection);
    }
  }

  /** An outbound link that will not be redialled (the node is stopping). */
  public void closed(PeerId peer) {
    set(peer, true, LinkState.LINK_STATE_DOWN);
  }

  public List<Link> snapshot() {
    List<Connection> live = new ArrayList<>(outboundUp.values());
    live.addAll(inbound.keySet());
    Map<Way, LinkTraffic> traffic = new HashMap<>(closedTraffic);
    for (Connection c : live) {
      traffic.merge(
          new Way(c.peer(), outboundUp.get(c.peer()) == c), c.traffic(), LinkTraffic::plus);
    }
    List<Link> list = new ArrayList<>();
    for (Link l : outbound.values()) {
      list.add(l.withTraffic(traffic.getOrDefault(new Way(l.peer(), true), LinkTraffic.NONE)));
    }
    for (Link l : inbound.values()) {
      list.add(l.withTraffic(traffic.getOrDefault(new Way(l.peer(), false), LinkTraffic.NONE)));
    }
    list.sort(Comparator.comparing((Link l) -> !l.outbound()).thenComparing(l -> l.peer().name()));
    return list;
  }

  private void set(PeerId peer, boolean isOutbound, LinkState state) {
    outbound.put(peer, new Link(peer, isOutbound, state, clock.millis(), LinkTraffic.NONE));
  }
}
