package jp.jukinet.cs.resident;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.cs.store.MoveOutKind;
import jp.jukinet.cs.store.ResidentRecord;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.labels.ChangeNames;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.TransferCertificateResponse;

/**
 * What routed messages from other CSs do to this CS's residents, inside the commit that marks the
 * message handled (see {@code RoutedInbox}): the 転出確定 a 転入通知 causes, the 除票 following a 住民票コード変更
 * made elsewhere, and the 転出証明書情報 answered for a 特例転入 elsewhere.
 */
public final class RoutedEffects {
  private final LocalGovernmentCode self;
  private final Clock clock;

  public RoutedEffects(LocalGovernmentCode self, Clock clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * 転出確定: the 転入通知 from {@code origin} says the person moved in there on {@code
   * notice.move_in_date}. Fixes the actual move date on the removed record, or removes it now if no
   * 転出届 was filed. Stages nothing but the log line when the person is unknown here or was already
   * confirmed or removed for another reason.
   */
  public void confirmMoveOut(CsStore.Txn txn, LocalGovernmentCode origin, MoveInNotice notice) {
    String code =
        notice.getPreviousJuminhyoCode().isEmpty()
            ? notice.getIdentity().getJuminhyoCode()
            : notice.getPreviousJuminhyoCode();
    Optional<IdentityInfo> current = txn.identity(code);
    LocalDate moved =
        Fields.date("move_in_notice.move_in_date", notice.getMoveInDate(), IsoDates.today(clock));
    String summary = "転入通知 from " + origin + " for " + code + " (moved in " + moved + ")";
    if (current.isEmpty() || !current.get().getMunicipalityCode().equals(self.value())) {
      txn.log("cs", "転出確定", summary, "ignored: no record of " + code + " here");
      return;
    }
    ResidentRecord.Builder rec = ResidentRecords.staged(txn, code);
    IdentityInfo info = current.get();
    if (!rec.getMoveOutConfirmedDate().isEmpty()) {
      txn.log(
          "cs", "転出確定", summary, "ignored: already confirmed on " + rec.getMoveOutConfirmedDate());
      return;
    }
    boolean wasLiving = !info.getRemoved();
    boolean movedOut =
        rec.getMoveOutKind() == MoveOutKind.MOVE_OUT_KIND_MOVE_OUT
            || rec.getMoveOutKind() == MoveOutKind.MOVE_OUT_KIND_SPECIAL;
    if (!wasLiving && !movedOut) {
      txn.log("cs", "転出確定", summary, "ignored: the record was removed for another reason");
      return;
    }
    IdentityChange c =
        txn.recordChange(
            ResidentOperations.change(
                    ChangeOperation.CHANGE_OPERATION_REMOVE,
                    ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
                    moved,
                    moved,
                    info)
                .setDestinationMunicipality(origin.value()));
    if (wasLiving) {
      ResidentRecords.movedOut(
          rec,
          MoveOutKind.MOVE_OUT_KIND_MOVE_OUT,
          moved,
          origin.value(),
          notice.getNewAddress(),
          moved);
      txn.addResidents(-1);
    }
    txn.putResident(
        rec.setTransferCertificateHeld(false).setMoveOutConfirmedDate(moved.toString()).build());
    txn.log("cs", "転出確定", summary, ChangeNames.describe(c));
  }

  /**
   * A 住民票コード変更 made at {@code origin}, where a former resident of this municipality lives now (the
   * national server's notice, relayed by the prefecture server). The 除票 follows: the registry
   * retires the old code and files the person's history under the new one (this CS's changes keep
   * their own source and sequence; the code change is added without a sequence of this CS and is
   * not sent upward), and the 住民票 items move to the new code.
   *
   * <p>This is the simulator's choice (docs/protocol.md §7.3): the real 除票 is a record frozen at
   * its 消除, but here the old code must stop resolving everywhere (法第30条の4, docs/design.md §3.6),
   * and the notice passes this CS's prefecture server anyway. Applying the same notice again, or
   * notices of successive changes in any order, ends in the same state. When the items are already
   * held under the new code (the person has since moved back here), they stay as they are and the
   * old entry is left unreachable.
   */
  public void followCodeChange(CsStore.Txn txn, LocalGovernmentCode origin, IdentityChange change) {
    String old = change.getPreviousJuminhyoCode();
    String heldAs = txn.currentCode(old);
    txn.applyForeignChange(change);
    String now = txn.currentCode(old);
    String summary =
        "住民票コード変更 at " + origin + ": " + old + " → " + change.getIdentity().getJuminhyoCode();
    Optional<ResidentRecord> rec = txn.resident(heldAs);
    String result;
    if (heldAs.equals(now)) {
      result = "already followed: " + old + " is now " + now;
    } else if (rec.isPresent() && txn.resident(now).isEmpty()) {
      txn.deleteResident(heldAs);
      txn.putResident(rec.get().toBuilder().setJuminhyoCode(now).build());
      result = "除票 " + heldAs + " now under " + now;
    } else {
      result =
          "registry now under " + now + (rec.isPresent() ? " (住民票 items already under it)" : "");
    }
    txn.log("cs", "住民票コード変更(転出先)", summary, result);
  }

  /** The 転出証明書情報 for a 特例転入 elsewhere, or found=false with the reason. Reads only. */
  public TransferCertificateResponse transferCertificate(
      CsStore.Txn txn, String code, String requestId) {
    TransferCertificateResponse.Builder b =
        TransferCertificateResponse.newBuilder().setRequestId(requestId);
    Optional<IdentityInfo> current = txn.identity(code);
    Optional<ResidentRecord> rec = txn.resident(code);
    if (current.isEmpty() || rec.isEmpty()) {
      return b.setFound(false)
          .setRefusal("no resident with 住民票コード " + code + " is recorded at " + self)
          .build();
    }
    ResidentRecord r = rec.get();
    if (!current.get().getRemoved()) {
      return b.setFound(false)
          .setRefusal(code + " still lives in " + self + ": no 特例転出 was filed")
          .build();
    }
    if (r.getMoveOutKind() != MoveOutKind.MOVE_OUT_KIND_SPECIAL) {
      return b.setFound(false)
          .setRefusal(
              code
                  + " was removed at "
                  + self
                  + " by "
                  + (r.getMoveOutKind() == MoveOutKind.MOVE_OUT_KIND_NONE
                      ? "another 消除"
                      : ResidentRecords.japanese(r.getMoveOutKind()))
                  + ", not by 特例転出")
          .build();
    }
    if (!r.getTransferCertificateHeld()) {
      return b.setFound(false)
          .setRefusal(
              "the 転出証明書情報 of "
                  + code
                  + " was already used (転出確定 on "
                  + r.getMoveOutConfirmedDate()
                  + ")")
          .build();
    }
    return b.setFound(true)
        .setIdentity(current.get())
        .setPlannedMoveDate(r.getPlannedMoveOutDate())
        .setDestinationAddress(r.getDestinationAddress())
        .setMoveOutDate(r.getPlannedMoveOutDate())
        .build();
  }
}
