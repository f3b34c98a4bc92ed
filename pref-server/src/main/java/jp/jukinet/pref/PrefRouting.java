package jp.jukinet.pref;

import java.util.Objects;
import jp.jukinet.node.relay.CodeChangeNotices;
import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.wire.PeerText;

/**
 * Routing at a prefecture server: a destination in this prefecture (same first two digits) goes
 * straight to that CS (hop {@code cs:<code>}); any other goes to the national server (hop {@code
 * national}). Only this prefecture's CSs (for their own messages) and the national server (for
 * messages to this prefecture) may hand messages in; a 住民票コード変更 notice only the national server,
 * and only well formed ({@link CodeChangeNotices#refusal}).
 */
final class PrefRouting implements RoutedRelay.Routing {
  static final String NATIONAL_HOP = "national";

  private final PeerId self;
  private final LocalGovernmentCode prefecture;

  PrefRouting(PeerId self) {
    this.self = Objects.requireNonNull(self, "self");
    this.prefecture = LocalGovernmentCode.parse(self.code());
  }

  static String csHop(String code) {
    return "cs:" + code;
  }

  @Override
  public String refusal(PeerId from, RoutedMessage m) {
    if (m.hasJuminhyoCodeChangeNotice()) {
      // It changes this server's registry: only the national server may send it, well formed.
      if (from.role() != NodeRole.NODE_ROLE_NATIONAL) {
        return "住民票コード変更 notices come only from the national server, not from " + from;
      }
      String bad = CodeChangeNotices.refusal(m);
      if (bad != null) {
        return bad;
      }
    }
    return switch (from.role()) {
      case NODE_ROLE_CS ->
          from.code().equals(m.getOriginMunicipality())
              ? null
              : from
                  + " may only send its own routed messages, not ones of origin "
                  + PeerText.quoteSingle(m.getOriginMunicipality());
      case NODE_ROLE_NATIONAL ->
          prefecture.isSamePrefecture(m.getDestinationMunicipality())
              ? null
              : "routed message "
                  + m.getRouteId()
                  + " for "
                  + m.getDestinationMunicipality()
                  + " is not for prefecture "
                  + self.code();
      default -> from + " may not send routed messages to " + self;
    };
  }

  @Override
  public String nextHop(RoutedMessage m) {
    LocalGovernmentCode dest = RoutedRelay.destination(m);
    return dest.prefectureCode().equals(prefecture.prefectureCode())
        ? csHop(dest.value())
        : NATIONAL_HOP;
  }

  @Override
  public String hopOf(PeerId peer) {
    if (peer.role() == NodeRole.NODE_ROLE_CS) {
      return csHop(peer.code());
    }
    return peer.role() == NodeRole.NODE_ROLE_NATIONAL ? NATIONAL_HOP : null;
  }
}
