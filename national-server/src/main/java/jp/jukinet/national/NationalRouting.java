package jp.jukinet.national;

import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.wire.PeerText;

/**
 * Routing at the national server: every message goes to the prefecture server of its destination
 * (hop {@code pref:<two digits>}). Only prefecture servers may hand messages in, and only messages
 * whose origin is in their own prefecture; none hands in a 住民票コード変更 notice (only this server sends
 * those, {@link CodeChangeFanout}).
 */
final class NationalRouting implements RoutedRelay.Routing {
  static String prefHop(LocalGovernmentCode code) {
    return "pref:" + code.prefectureCode();
  }

  @Override
  public String refusal(PeerId from, RoutedMessage m) {
    if (from.role() != NodeRole.NODE_ROLE_PREFECTURE) {
      return from + " may not send routed messages to the national server";
    }
    if (m.hasJuminhyoCodeChangeNotice()) {
      return "住民票コード変更 notices come only from the national server, not from " + from;
    }
    String origin = m.getOriginMunicipality();
    return LocalGovernmentCode.parse(from.code()).isSamePrefecture(origin)
        ? null
        : from
            + " may only relay messages from its own prefecture, not of origin "
            + PeerText.quoteSingle(origin);
  }

  @Override
  public String nextHop(RoutedMessage m) {
    return prefHop(RoutedRelay.destination(m));
  }

  @Override
  public String hopOf(PeerId peer) {
    return peer.role() == NodeRole.NODE_ROLE_PREFECTURE
        ? prefHop(LocalGovernmentCode.parse(peer.code()))
        : null;
  }
}
