package jp.jukinet.cs.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * The 住民票 items a CS keeps beside the 本人確認情報 (which lives in the IdentityRegistry): what
 * the flows need and what never leaves the municipality except in a 広域交付 copy. Empty strings
 * stand for "none". Immutable; the {@code with…} methods return changed copies.
 *
 * @param headOfHousehold 世帯主
 * @param relationship 続柄 (to the 世帯主)
 * @param becameResidentDate 住民となった年月日
 * @param addressSetDate 住所を定めた年月日
 * @param notificationDate 届出年月日 of the last notification
 * @param previousAddress 従前の住所 (for a person who moved in)
 * @param previousMunicipality the municipality moved in from
 * @param moveOutKind how the record was removed for a move: "" (not), 転出, 特例転出 or 国外転出
 * @param plannedMoveOutDate 転出の予定年月日
 * @param destinationMunicipality 転出先 municipality (empty abroad)
 * @param destinationAddress 転出先 address (or country)
 * @param transferCertificateHeld the 転出証明書情報 is held for a 特例転入 (特例転出 only)
 * @param moveOutConfirmedDate the actual move date, once the 転入通知 arrived (転出確定)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResidentRecord(
    String juminhyoCode,
    String headOfHousehold,
    String relationship,
    String becameResidentDate,
    String addressSetDate,
    String notificationDate,
    String previousAddress,
    String previousMunicipality,
    String moveOutKind,
    String plannedMoveOutDate,
    String destinationMunicipality,
    String destinationAddress,
    boolean transferCertificateHeld,
    String moveOutConfirmedDate) {

  public static final String MOVE_OUT = "転出";
  public static final String SPECIAL_MOVE_OUT = "特例転出";
  public static final String MOVE_OUT_ABROAD = "国外転出";

  public ResidentRecord {
    Objects.requireNonNull(juminhyoCode, "juminhyoCode");
    headOfHousehold = nz(headOfHousehold);
    relationship = nz(relationship);
    becameResidentDate = nz(becameResidentDate);
    addressSetDate = nz(addressSetDate);
    notificationDate = nz(notificationDate);
    previousAddress = nz(previousAddress);
    previousMunicipality = nz(previousMunicipality);
    moveOutKind = nz(moveOutKind);
    plannedMoveOutDate = nz(plannedMoveOutDate);
    destinationMunicipality = nz(destinationMunicipality);
    destinationAddress = nz(destinationAddress);
    moveOutConfirmedDate = nz(moveOutConfirmedDate);
  }

  /** A new resident's record: 住民となった年月日 and 住所を定めた年月日 are the reason date. */
  public static ResidentRecord newResident(String code, String sinceDate, String notificationDate) {
    return new ResidentRecord(code, "", "", sinceDate, sinceDate, notificationDate, "", "", "", "", "", "", false, "");
  }

  public ResidentRecord withHousehold(String head, String rel) {
    return new ResidentRecord(juminhyoCode, head, rel, becameResidentDate, addressSetDate, notificationDate,
        previousAddress, previousMunicipality, moveOutKind, plannedMoveOutDate, destinationMunicipality,
        destinationAddress, transferCertificateHeld, moveOutConfirmedDate);
  }

  public ResidentRecord withPrevious(String address, String municipality) {
    return new ResidentRecord(juminhyoCode, headOfHousehold, relationship, becameResidentDate, addressSetDate,
        notificationDate, address, municipality, moveOutKind, plannedMoveOutDate, destinationMunicipality,
        destinationAddress, transferCertificateHeld, moveOutConfirmedDate);
  }

  public ResidentRecord withAddressSet(String date, String notified) {
    return new ResidentRecord(juminhyoCode, headOfHousehold, relationship, becameResidentDate, date, notified,
        previousAddress, previousMunicipality, moveOutKind, plannedMoveOutDate, destinationMunicipality,
        destinationAddress, transferCertificateHeld, moveOutConfirmedDate);
  }

  public ResidentRecord withNotification(String notified) {
    return new ResidentRecord(juminhyoCode, headOfHousehold, relationship, becameResidentDate, addressSetDate,
        notified, previousAddress, previousMunicipality, moveOutKind, plannedMoveOutDate, destinationMunicipality,
        destinationAddress, transferCertificateHeld, moveOutConfirmedDate);
  }

  public ResidentRecord withMoveOut(String kind, String planned, String destMunicipality, String destAddress,
      boolean holdCertificate, String notified) {
    return new ResidentRecord(juminhyoCode, headOfHousehold, relationship, becameResidentDate, addressSetDate,
        notified, previousAddress, previousMunicipality, kind, planned, destMunicipality, destAddress,
        holdCertificate, moveOutConfirmedDate);
  }

  public ResidentRecord withMoveOutConfirmed(String date) {
    return new ResidentRecord(juminhyoCode, headOfHousehold, relationship, becameResidentDate, addressSetDate,
        notificationDate, previousAddress, previousMunicipality, moveOutKind, plannedMoveOutDate,
        destinationMunicipality, destinationAddress, false, date);
  }

  public ResidentRecord withCode(String newCode) {
    return new ResidentRecord(newCode, headOfHousehold, relationship, becameResidentDate, addressSetDate,
        notificationDate, previousAddress, previousMunicipality, moveOutKind, plannedMoveOutDate,
        destinationMunicipality, destinationAddress, transferCertificateHeld, moveOutConfirmedDate);
  }

  /** The stored form ({@link BinaryValues}). */
  byte[] toBytes() {
    return new BinaryValues.Writer().str(juminhyoCode).str(headOfHousehold).str(relationship).str(becameResidentDate)
        .str(addressSetDate).str(notificationDate).str(previousAddress).str(previousMunicipality).str(moveOutKind)
        .str(plannedMoveOutDate).str(destinationMunicipality).str(destinationAddress)
        .varint(transferCertificateHeld ? 1 : 0).str(moveOutConfirmedDate).toByteArray();
  }

  /** Reads {@link #toBytes}; throws IllegalArgumentException on a malformed value. */
  static ResidentRecord fromBytes(byte[] v) {
    BinaryValues.Reader r = new BinaryValues.Reader(v, "resident record");
    return new ResidentRecord(r.str(), r.str(), r.str(), r.str(), r.str(), r.str(), r.str(), r.str(), r.str(), r.str(),
        r.str(), r.str(), r.varint() != 0, r.str());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
