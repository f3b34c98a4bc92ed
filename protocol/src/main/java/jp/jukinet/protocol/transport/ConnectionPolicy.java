package jp.jukinet.protocol.transport;

import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * Who may connect to whom (docs/design.md §2, docs/protocol.md §4.3). Everything not listed is
 * refused.
 *
 * <pre>
 *  listener            may accept
 *  national server     prefecture servers, agencies, monitors
 *  prefecture server   CSs of its own prefecture, its prefectural terminals, monitors
 *  CS                  operators of its own municipality, monitors
 * </pre>
 *
 * Operators and terminals carry their municipality or prefecture code as the prefix of their id
 * ("192015-01" for an operator of 甲府市, "190004-01" for a terminal of 山梨県).
 */
public final class ConnectionPolicy {
  private ConnectionPolicy() {}

  /** Returns null when {@code client} may connect to {@code server}, else the reason it may not. */
  public static String refusal(PeerId server, PeerId client) {
    NodeRole c = client.role();
    if (c == NodeRole.NODE_ROLE_MONITOR) {
      return null;
    }
    switch (server.role()) {
      case NODE_ROLE_NATIONAL:
        if (c == NodeRole.NODE_ROLE_PREFECTURE || c == NodeRole.NODE_ROLE_AGENCY) {
          return null;
        }
        break;
      case NODE_ROLE_PREFECTURE:
        if (c == NodeRole.NODE_ROLE_CS && samePrefecture(server.code(), client.code())) {
          return null;
        }
        if (c == NodeRole.NODE_ROLE_PREF_TERMINAL
            && client.code().startsWith(server.code() + "-")) {
          return null;
        }
        break;
      case NODE_ROLE_CS:
        if (c == NodeRole.NODE_ROLE_OPERATOR && client.code().startsWith(server.code() + "-")) {
          return null;
        }
        break;
      default:
        break;
    }
    return "a " + PeerId.roleName(c) + " (" + client + ") may not connect to " + server;
  }

  private static boolean samePrefecture(String prefCode, String csCode) {
    return prefCode.regionMatches(0, csCode, 0, 2);
  }
}
