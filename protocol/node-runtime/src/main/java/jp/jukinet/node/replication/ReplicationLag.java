package jp.jukinet.node.replication;

import java.util.Objects;
import java.util.OptionalLong;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeStatus;

/**
 * Puts a node's replication lag into its NodeStatus: on the outbound link to its upstream, {@code
 * unacked_changes} (changes in the outbox not yet acknowledged upstream) and {@code
 * oldest_unacked_millis} (epoch millis at which the oldest of them was appended; 0 when none).
 */
public final class ReplicationLag {
  private ReplicationLag() {}

  public static NodeStatus withUpstreamLag(NodeStatus status, PeerId upstream, Outbox outbox) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(outbox, "outbox");
    NodeStatus.Builder b = status.toBuilder();
    OptionalLong oldest = outbox.oldestUnackedMillis();
    long unacked = outbox.size();
    for (int i = 0; i < b.getLinksCount(); i++) {
      LinkStatus l = b.getLinks(i);
      if (l.getOutbound() && PeerId.fromProto(l.getPeer()).equals(upstream)) {
        b.setLinks(
            i, l.toBuilder().setUnackedChanges(unacked).setOldestUnackedMillis(oldest.orElse(0)));
      }
    }
    return b.build();
  }
}
