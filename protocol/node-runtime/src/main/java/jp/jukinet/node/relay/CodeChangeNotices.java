package jp.jukinet.node.relay;

import jp.jukinet.node.store.ChangeReplay;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.JuminhyoCodeChangeNotice;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.wire.PeerText;

/**
 * The routed {@link JuminhyoCodeChangeNotice}: a 住民票コード変更 (法第30条の4) that the national server sends
 * to each municipality the person lived in before, so that the old code stops resolving at that
 * municipality's prefecture server and CS too (docs/protocol.md §7.3). Building it and checking it
 * in one place keeps the national server, the prefecture servers and the CSs in step.
 */
public final class CodeChangeNotices {
  /** Route ids of notices start with this; CS route ids start with a digit, so they never clash. */
  public static final String ROUTE_PREFIX = "jcc-";

  private CodeChangeNotices() {}

  /**
   * The route id of the notice of {@code change} for {@code destination}: one per pair, for good.
   */
  public static String routeId(IdentityChange change, String destination) {
    return ROUTE_PREFIX
        + change.getSourceMunicipality()
        + "-"
        + change.getSequence()
        + "-"
        + destination;
  }

  /** The notice of {@code change} (a 住民票コード変更) for the former municipality {@code destination}. */
  public static RoutedMessage notice(IdentityChange change, String destination, long nowMillis) {
    return RoutedMessage.newBuilder()
        .setRouteId(routeId(change, destination))
        .setOriginMunicipality(change.getSourceMunicipality())
        .setDestinationMunicipality(destination)
        .setCreatedAtMillis(nowMillis)
        .setJuminhyoCodeChangeNotice(JuminhyoCodeChangeNotice.newBuilder().setChange(change))
        .build();
  }

  public static boolean isCodeChange(IdentityChange c) {
    return c.getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE;
  }

  /**
   * Null when {@code m}'s notice is well formed: a change with reason 住民票コード変更 that {@link
   * ChangeReplay#validate} accepts (a 修正, a sequence, an ISO reason date, old and new codes that
   * differ), whose codes have valid check digits, whose source is a valid code equal to the
   * message's origin, under the route id {@link #routeId} gives. Otherwise why not, naming the
   * field.
   */
  public static String refusal(RoutedMessage m) {
    if (!m.hasJuminhyoCodeChangeNotice() || !m.getJuminhyoCodeChangeNotice().hasChange()) {
      return "route " + PeerText.quote(m.getRouteId()) + ": 住民票コード変更 notice without a change";
    }
    IdentityChange c = m.getJuminhyoCodeChangeNotice().getChange();
    String what = "route " + PeerText.quote(m.getRouteId()) + ": 住民票コード変更 notice ";
    if (!isCodeChange(c)) {
      return what
          + "carries a change that is not a 修正 with reason 住民票コード変更 ("
          + c.getOperation()
          + ", "
          + c.getReason()
          + ")";
    }
    try {
      ChangeReplay.validate(c); // what every applied change must be: the registry applies it next
    } catch (IllegalArgumentException e) {
      return what + "carries an invalid change: " + e.getMessage();
    }
    if (!c.getSourceMunicipality().equals(m.getOriginMunicipality())) {
      return what
          + "has change source "
          + PeerText.quote(c.getSourceMunicipality())
          + " but origin_municipality "
          + PeerText.quote(m.getOriginMunicipality())
          + " (they must be equal)";
    }
    if (!LocalGovernmentCode.isValid(c.getSourceMunicipality())) {
      return what
          + "has source_municipality "
          + PeerText.quote(c.getSourceMunicipality())
          + ", not a valid municipality code";
    }
    String fresh = c.getIdentity().getJuminhyoCode();
    String old = c.getPreviousJuminhyoCode();
    if (!JuminhyoCode.isValid(fresh)) {
      return what
          + "has identity.juminhyo_code "
          + PeerText.quoteSingle(fresh)
          + ", not a valid 住民票コード (11 digits, check digit)";
    }
    if (!JuminhyoCode.isValid(old)) {
      return what
          + "has previous_juminhyo_code "
          + PeerText.quoteSingle(old)
          + ", not a valid 住民票コード (11 digits, check digit)";
    }
    String expected = routeId(c, m.getDestinationMunicipality());
    if (!m.getRouteId().equals(expected)) {
      return what + "must have route_id " + expected;
    }
    return null;
  }
}
