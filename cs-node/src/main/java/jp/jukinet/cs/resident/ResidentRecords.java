package jp.jukinet.cs.resident;

import java.time.LocalDate;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.cs.store.CsStoreProto;
import jp.jukinet.cs.store.MoveOutKind;
import jp.jukinet.cs.store.ResidentRecord;

/** The changes the resident rules make to a {@link ResidentRecord} (住民票 items). */
final class ResidentRecords {
  private ResidentRecords() {}

  /** A new resident's record: 住民となった年月日 and 住所を定めた年月日 are the reason date. */
  static ResidentRecord.Builder newResident(String code, LocalDate since, LocalDate notified) {
    return ResidentRecord.newBuilder()
        .setJuminhyoCode(code)
        .setBecameResidentDate(since.toString())
        .setAddressSetDate(since.toString())
        .setNotificationDate(notified.toString());
  }

  /** The person's record as staged, or an empty one under {@code code} if none is kept. */
  static ResidentRecord.Builder staged(CsStore.Txn txn, String code) {
    return txn.resident(code)
        .map(ResidentRecord::toBuilder)
        .orElseGet(() -> ResidentRecord.newBuilder().setJuminhyoCode(code));
  }

  /**
   * Marks {@code rec} removed for a move of {@code kind} (転出, 特例転出, 国外転出), notified on {@code
   * notified}.
   */
  static ResidentRecord.Builder movedOut(
      ResidentRecord.Builder rec,
      MoveOutKind kind,
      LocalDate planned,
      String destinationMunicipality,
      String destinationAddress,
      LocalDate notified) {
    return rec.setMoveOutKind(kind)
        .setPlannedMoveOutDate(planned.toString())
        .setDestinationMunicipality(destinationMunicipality)
        .setDestinationAddress(destinationAddress)
        .setTransferCertificateHeld(kind == MoveOutKind.MOVE_OUT_KIND_SPECIAL)
        .setNotificationDate(notified.toString());
  }

  /** The kind's Japanese name (消除 when the record was not removed for a move). */
  static String japanese(MoveOutKind kind) {
    return kind.getValueDescriptor().getOptions().getExtension(CsStoreProto.japanese);
  }
}
