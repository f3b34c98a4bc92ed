package jp.jukinet.node.runtime;

import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_AGENCY;
import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_CS;
import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_MONITOR;
import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_NATIONAL;
import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_OPERATOR;
import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_PREFECTURE;
import static jp.jukinet.protocol.proto.NodeRole.NODE_ROLE_PREF_TERMINAL;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import jp.jukinet.protocol.proto.Envelope.BodyCase;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * Who may send which request body to which kind of node (docs/protocol.md §7.7): for each request
 * body and each node role, the certificate roles it is accepted from. The roles are the peers'
 * certificate roles, never {@code Envelope.sender}. Bodies outside the table (responses, Hello,
 * Heartbeat, Error) are not requests and are not judged here.
 */
public final class BodyPermissions {
  /** How a request body is treated. */
  public enum Verdict {
    /** The peer's role may send it to this node. */
    PERMITTED,
    /** A request body the peer's role may not send to this node: NOT_PERMITTED. */
    NOT_PERMITTED,
    /** Not a request body (responses, connection control): left to the transport and the node. */
    NOT_A_REQUEST
  }

  /** body → node role → roles it accepts the body from. */
  private static final Map<BodyCase, Map<NodeRole, Set<NodeRole>>> TABLE =
      new EnumMap<>(BodyCase.class);

  static {
    //   body                                 at a CS              at a prefecture server
    //  at the national server
    row(
        BodyCase.NODE_STATUS_REQUEST,
        roles(NODE_ROLE_MONITOR),
        roles(NODE_ROLE_MONITOR),
        roles(NODE_ROLE_MONITOR));
    row(BodyCase.IDENTITY_CHANGE_BATCH, roles(), roles(NODE_ROLE_CS), roles(NODE_ROLE_PREFECTURE));
    row(
        BodyCase.ROUTED_MESSAGE,
        roles(NODE_ROLE_PREFECTURE),
        roles(NODE_ROLE_CS, NODE_ROLE_NATIONAL),
        roles(NODE_ROLE_PREFECTURE));
    row(BodyCase.RESIDENT_OPERATION_REQUEST, roles(NODE_ROLE_OPERATOR), roles(), roles());
    row(BodyCase.RESIDENT_QUERY, roles(NODE_ROLE_OPERATOR), roles(), roles());
    row(BodyCase.BULK_RECORD_REQUEST, roles(NODE_ROLE_OPERATOR), roles(), roles());
    row(
        BodyCase.LIST_RECORDS_REQUEST,
        roles(NODE_ROLE_MONITOR),
        roles(NODE_ROLE_MONITOR),
        roles(NODE_ROLE_MONITOR));
    row(BodyCase.WIDE_AREA_COPY_REQUEST, roles(NODE_ROLE_OPERATOR), roles(), roles());
    row(
        BodyCase.SINGLE_PROVISION_REQUEST,
        roles(),
        roles(NODE_ROLE_PREF_TERMINAL),
        roles(NODE_ROLE_AGENCY));
    row(BodyCase.BATCH_PROVISION_REQUEST, roles(), roles(), roles(NODE_ROLE_AGENCY));
    row(BodyCase.BATCH_KEYS, roles(), roles(), roles(NODE_ROLE_AGENCY));
    row(BodyCase.BATCH_CREDIT, roles(), roles(), roles(NODE_ROLE_AGENCY));
    row(BodyCase.MEDIA_DESTROY_REQUEST, roles(), roles(), roles(NODE_ROLE_AGENCY));
    row(BodyCase.DISCLOSURE_REQUEST, roles(), roles(), roles(NODE_ROLE_MONITOR));
    row(BodyCase.REPORT_REQUEST, roles(), roles(NODE_ROLE_MONITOR), roles(NODE_ROLE_MONITOR));
    row(
        BodyCase.PROVISION_LOG_REQUEST,
        roles(),
        roles(NODE_ROLE_MONITOR),
        roles(NODE_ROLE_MONITOR));
  }

  private BodyPermissions() {}

  private static Set<NodeRole> roles(NodeRole... roles) {
    return roles.length == 0
        ? EnumSet.noneOf(NodeRole.class)
        : EnumSet.copyOf(Arrays.asList(roles));
  }

  private static void row(
      BodyCase body, Set<NodeRole> atCs, Set<NodeRole> atPrefecture, Set<NodeRole> atNational) {
    Map<NodeRole, Set<NodeRole>> byNode = new EnumMap<>(NodeRole.class);
    byNode.put(NODE_ROLE_CS, atCs);
    byNode.put(NODE_ROLE_PREFECTURE, atPrefecture);
    byNode.put(NODE_ROLE_NATIONAL, atNational);
    TABLE.put(body, byNode);
  }

  /** How a node of role {@code node} treats {@code body} from a peer of role {@code peer}. */
  public static Verdict judge(NodeRole node, BodyCase body, NodeRole peer) {
    Map<NodeRole, Set<NodeRole>> byNode = TABLE.get(body);
    if (byNode == null) {
      return Verdict.NOT_A_REQUEST;
    }
    return byNode.getOrDefault(node, Set.of()).contains(peer)
        ? Verdict.PERMITTED
        : Verdict.NOT_PERMITTED;
  }
}
