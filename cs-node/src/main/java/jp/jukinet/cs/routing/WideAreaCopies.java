package jp.jukinet.cs.routing;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import jp.jukinet.cs.CsWork;
import jp.jukinet.cs.resident.Fields;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.cs.store.ResidentRecord;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.WideAreaCopyRequest;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.util.Futures;

/**
 * 住民票の写しの広域交付: an operator here (交付地) asks for the record of a person registered in another
 * municipality (住所地); the request travels routed to that CS, which answers from its own records.
 * Both sides write a line to their operation log.
 */
public final class WideAreaCopies {
  private final CsWork work;

  public WideAreaCopies(CsWork work) {
    this.work = Objects.requireNonNull(work, "work");
  }

  /** An operator's request (交付地 side). */
  public void handle(Connection connection, Envelope request) {
    work.reply(
        connection,
        request,
        () -> {
          WideAreaCopyRequest r = request.getWideAreaCopyRequest();
          String code =
              Fields.juminhyoCode("wide_area_copy_request.juminhyo_code", r.getJuminhyoCode());
          LocalGovernmentCode residence =
              Fields.municipality(
                  "wide_area_copy_request.residence_municipality (住所地)",
                  r.getResidenceMunicipality());
          String operatorId = connection.peer().code(); // the certificate's, docs/protocol.md §5.2
          if (residence.equals(work.store().self())) {
            return work.store()
                .commit(
                    txn -> {
                      WideAreaCopyResponse resp = answer(txn, code, r.getRequestId());
                      txn.log(
                          operatorId,
                          "広域交付",
                          "写しの交付 of " + code + " (住所地 = 交付地 " + residence + ")",
                          resp.getFound() ? "issued" : "not found: " + resp.getRefusal());
                      return resp;
                    });
          } else {
            return work.ask(
                    (txn, requestId) -> {
                      String route =
                          txn.sendRouted(
                              RoutedMessage.newBuilder()
                                  .setDestinationMunicipality(residence.value())
                                  .setWideAreaCopyRequest(
                                      WideAreaCopyRequest.newBuilder()
                                          .setJuminhyoCode(code)
                                          .setRequestId(requestId)
                                          .setResidenceMunicipality(residence.value())));
                      txn.log(
                          operatorId,
                          "広域交付(交付地)",
                          "写しの請求 of " + code + " from 住所地 " + residence,
                          "route " + route);
                      return route;
                    })
                .handle(
                    (m, err) -> {
                      if (err != null) {
                        Throwable e = Futures.unwrap(err);
                        throw new CompletionException(
                            e instanceof TimeoutException
                                ? new TimeoutException(
                                    "no answer from 住所地 "
                                        + residence
                                        + " for "
                                        + code
                                        + " within "
                                        + work.remote().timeout().toSeconds()
                                        + " s")
                                : e);
                      }
                      return m.getWideAreaCopyResponse().toBuilder()
                          .setRequestId(r.getRequestId())
                          .build();
                    });
          }
        },
        Envelope.Builder::setWideAreaCopyResponse);
  }

  /** The 住所地 answer from this CS's records: the record of a person registered here, or why not. */
  public static WideAreaCopyResponse answer(CsStore.Txn txn, String code, String requestId) {
    WideAreaCopyResponse.Builder b = WideAreaCopyResponse.newBuilder().setRequestId(requestId);
    IdentityInfo info =
        txn.identity(code)
            .filter(i -> i.getMunicipalityCode().equals(txn.self().value()))
            .orElse(null);
    if (info == null) {
      return b.setFound(false)
          .setRefusal("no resident with 住民票コード " + code + " is registered at " + txn.self())
          .build();
    }
    if (info.getRemoved()) {
      return b.setFound(false)
          .setRefusal(code + " is no longer registered at " + txn.self() + " (消除)")
          .build();
    }
    ResidentRecord r = txn.resident(code).orElse(ResidentRecord.getDefaultInstance());
    return b.setFound(true)
        .setIdentity(info)
        .setHeadOfHousehold(r.getHeadOfHousehold())
        .setRelationship(r.getRelationship())
        .setBecameResidentDate(r.getBecameResidentDate())
        .setAddressSetDate(r.getAddressSetDate())
        .build();
  }
}
