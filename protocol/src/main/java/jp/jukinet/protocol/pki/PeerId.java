package jp.jukinet.protocol.pki;

import java.util.Objects;
import java.util.regex.Pattern;
import jp.jukinet.protocol.proto.NodeId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.wire.PeerText;

/**
 * Who a peer is: its role and its code. The single naming scheme shared by certificates (subject
 * {@code O=jukinet, OU=<role>, CN=<code>}), PKI file names, node configs, logs and the Hello.
 *
 * <p>File and log names: {@code national}, {@code pref-190004}, {@code cs-192015}, {@code
 * agency-A01}, {@code op-192015-01}, {@code term-190004-01}, {@code monitor-01}.
 */
public record PeerId(NodeRole role, String code) {
  private static final Pattern LG_CODE = Pattern.compile("\\d{6}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** The national server's code. */
  public static final String NATIONAL_CODE = "000000";

  public PeerId {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(code, "code");
    switch (role) {
      case NODE_ROLE_NATIONAL ->
          require(code.equals(NATIONAL_CODE), code, "the national server's code is 000000");
      case NODE_ROLE_PREFECTURE, NODE_ROLE_CS ->
          require(
              LG_CODE.matcher(code).matches(),
              code,
              "a " + roleName(role) + " code is a 6-digit 全国地方公共団体コード");
      case NODE_ROLE_AGENCY, NODE_ROLE_OPERATOR, NODE_ROLE_PREF_TERMINAL, NODE_ROLE_MONITOR ->
          require(
              TOKEN.matcher(code).matches(),
              code,
              "an id of letters, digits, '-' or '_' (at most 64)");
      default -> throw new IllegalArgumentException("peer role " + role + " is not a usable role");
    }
  }

  private static void require(boolean ok, String code, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("invalid peer code " + PeerText.quote(code) + ": " + rule);
    }
  }

  public static PeerId national() {
    return new PeerId(NodeRole.NODE_ROLE_NATIONAL, NATIONAL_CODE);
  }

  public static PeerId prefecture(String code6) {
    return new PeerId(NodeRole.NODE_ROLE_PREFECTURE, code6);
  }

  public static PeerId cs(String code6) {
    return new PeerId(NodeRole.NODE_ROLE_CS, code6);
  }

  /**
   * The short role word used in names and certificate OUs: national, pref, cs, agency, op, term,
   * monitor.
   */
  public static String roleName(NodeRole role) {
    return switch (role) {
      case NODE_ROLE_NATIONAL -> "national";
      case NODE_ROLE_PREFECTURE -> "pref";
      case NODE_ROLE_CS -> "cs";
      case NODE_ROLE_AGENCY -> "agency";
      case NODE_ROLE_OPERATOR -> "op";
      case NODE_ROLE_PREF_TERMINAL -> "term";
      case NODE_ROLE_MONITOR -> "monitor";
      default -> throw new IllegalArgumentException("no name for role " + role);
    };
  }

  public static NodeRole roleOf(String roleName) {
    return switch (roleName) {
      case "national" -> NodeRole.NODE_ROLE_NATIONAL;
      case "pref" -> NodeRole.NODE_ROLE_PREFECTURE;
      case "cs" -> NodeRole.NODE_ROLE_CS;
      case "agency" -> NodeRole.NODE_ROLE_AGENCY;
      case "op" -> NodeRole.NODE_ROLE_OPERATOR;
      case "term" -> NodeRole.NODE_ROLE_PREF_TERMINAL;
      case "monitor" -> NodeRole.NODE_ROLE_MONITOR;
      default ->
          throw new IllegalArgumentException(
              "unknown role '" + roleName + "' (national, pref, cs, agency, op, term, monitor)");
    };
  }

  /** The canonical name: "national", or role word + "-" + code. */
  public String name() {
    return role == NodeRole.NODE_ROLE_NATIONAL ? "national" : roleName(role) + "-" + code;
  }

  /** Parses a canonical name ("cs-192015", "national", "op-192015-01"). */
  public static PeerId parse(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals("national")) {
      return national();
    }
    int dash = name.indexOf('-');
    if (dash <= 0) {
      throw new IllegalArgumentException(
          "invalid peer name " + PeerText.quote(name) + ": expected <role>-<code> or 'national'");
    }
    return new PeerId(roleOf(name.substring(0, dash)), name.substring(dash + 1));
  }

  public NodeId toProto() {
    return NodeId.newBuilder().setRole(role).setCode(code).build();
  }

  public static PeerId fromProto(NodeId id) {
    return new PeerId(id.getRole(), id.getCode());
  }

  @Override
  public String toString() {
    return name();
  }
}
