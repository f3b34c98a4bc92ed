package jp.jukinet.cs.routing;

import java.util.Objects;
import jp.jukinet.cs.CsWork;
import jp.jukinet.cs.Replies;
import jp.jukinet.cs.resident.Fields;
import jp.jukinet.cs.resident.OperationRefusedException;
import jp.jukinet.cs.resident.RoutedEffects;
import jp.jukinet.node.relay.CodeChangeNotices;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.TransferCertificateResponse;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;
import jp.jukinet.protocol.transport.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routed messages addressed to this CS, delivered by its prefecture server: each is applied once
 * (its route id is remembered in the same batch as its effect) and acknowledged with a {@code
 * RoutedAck} only once that batch is durable; a repeat is acknowledged at once.
 *
 * <ul>
 *   <li>転入通知 → 転出確定 (a change that goes upward);
 *   <li>転出証明書情報 request → the answer, routed back;
 *   <li>広域交付 request → the copy, routed back;
 *   <li>住民票コード変更 notice (the person lived here before and changed code elsewhere) → the 除票 follows
 *       to the new code ({@link RoutedEffects#followCodeChange});
 *   <li>answers to this CS's own requests → handed to whoever waits for them.
 * </ul>
 */
public final class RoutedInbox {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedInbox.class);

  private final CsWork work;
  private final RoutedEffects effects;

  public RoutedInbox(CsWork work, RoutedEffects effects) {
    this.work = Objects.requireNonNull(work, "work");
    this.effects = Objects.requireNonNull(effects, "effects");
  }

  public void handle(Connection connection, Envelope request) {
    RoutedMessage m = request.getRoutedMessage();
    if (m.getRouteId().isBlank()) {
      connection.replyError(
          request, ErrorCode.ERROR_CODE_INVALID_REQUEST, "routed message has an empty route_id");
      return;
    }
    if (!m.getDestinationMunicipality().equals(work.store().self().value())) {
      connection.replyError(
          request,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "route "
              + m.getRouteId()
              + " is for "
              + m.getDestinationMunicipality()
              + ", not for "
              + work.store().self());
      return;
    }
    if (work.store().routedSeen(m.getRouteId())) {
      ack(connection, request, m);
      return;
    }
    work.store()
        .commit(
            txn -> {
              if (txn.routedSeen(m.getRouteId())) {
                return Boolean.FALSE;
              }
              LocalGovernmentCode origin =
                  Fields.municipality(
                      "route " + m.getRouteId() + " origin_municipality",
                      m.getOriginMunicipality());
              txn.markRoutedSeen(m.getRouteId());
              switch (m.getPayloadCase()) {
                case MOVE_IN_NOTICE -> effects.confirmMoveOut(txn, origin, m.getMoveInNotice());
                case TRANSFER_CERTIFICATE_REQUEST -> {
                  var req = m.getTransferCertificateRequest();
                  TransferCertificateResponse resp =
                      effects.transferCertificate(txn, req.getJuminhyoCode(), req.getRequestId());
                  txn.sendRouted(
                      RoutedMessage.newBuilder()
                          .setDestinationMunicipality(origin.value())
                          .setTransferCertificateResponse(resp));
                  txn.log(
                      "cs",
                      "転出証明書情報",
                      "request from " + origin + " for " + req.getJuminhyoCode(),
                      resp.getFound() ? "sent" : "refused: " + resp.getRefusal());
                }
                case WIDE_AREA_COPY_REQUEST -> {
                  var req = m.getWideAreaCopyRequest();
                  WideAreaCopyResponse resp =
                      WideAreaCopies.answer(txn, req.getJuminhyoCode(), req.getRequestId());
                  txn.sendRouted(
                      RoutedMessage.newBuilder()
                          .setDestinationMunicipality(origin.value())
                          .setWideAreaCopyResponse(resp));
                  txn.log(
                      "cs",
                      "広域交付(住所地)",
                      "写しの請求 from 交付地 " + origin + " for " + req.getJuminhyoCode(),
                      resp.getFound() ? "sent" : "not found: " + resp.getRefusal());
                }
                case JUMINHYO_CODE_CHANGE_NOTICE -> {
                  String bad = CodeChangeNotices.refusal(m);
                  if (bad != null) {
                    throw new OperationRefusedException(ErrorCode.ERROR_CODE_INVALID_REQUEST, bad);
                  }
                  effects.followCodeChange(
                      txn, origin, m.getJuminhyoCodeChangeNotice().getChange());
                }
                case TRANSFER_CERTIFICATE_RESPONSE, WIDE_AREA_COPY_RESPONSE -> {}
                case PAYLOAD_NOT_SET ->
                    throw new OperationRefusedException(
                        ErrorCode.ERROR_CODE_INVALID_REQUEST,
                        "route " + m.getRouteId() + " has no payload");
              }
              return Boolean.TRUE;
            })
        .whenComplete(
            (fresh, err) -> {
              if (err != null) {
                Replies.error(work.nodeName(), connection, request, err);
                return;
              }
              if (fresh) {
                deliverAnswer(m);
              }
              ack(connection, request, m);
            });
  }

  private void deliverAnswer(RoutedMessage m) {
    String requestId =
        switch (m.getPayloadCase()) {
          case TRANSFER_CERTIFICATE_RESPONSE -> m.getTransferCertificateResponse().getRequestId();
          case WIDE_AREA_COPY_RESPONSE -> m.getWideAreaCopyResponse().getRequestId();
          default -> null;
        };
    if (requestId != null && !work.remote().answer(requestId, m)) {
      LOG.info(
          "{}: answer {} from {} came after its request was given up",
          work.nodeName(),
          m.getRouteId(),
          m.getOriginMunicipality());
    }
  }

  private static void ack(Connection connection, Envelope request, RoutedMessage m) {
    connection.reply(
        request,
        Envelope.newBuilder().setRoutedAck(RoutedAck.newBuilder().setRouteId(m.getRouteId())));
  }
}
