package jp.jukinet.sim.workload;

import jp.jukinet.protocol.proto.Amend;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Death;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ExOfficioRemoval;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.JuminhyoCodeChange;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveInFromAbroad;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.MoveOutAbroad;
import jp.jukinet.protocol.proto.MoveWithin;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.protocol.proto.SpecialMoveOut;

/**
 * The resident operations an operator (既存住基システム / CS端末) records at a CS, one builder each, shared
 * by {@code jukinet cs}, the demo and the benchmarks. Municipalities are 6-digit codes; an empty
 * string leaves a field unset. The 異動年月日 and 届出年月日 are the CS's default unless the caller sets them
 * on the returned builder.
 */
public final class ResidentRequests {
  private ResidentRequests() {}

  /** The request as the body of an envelope to the CS. */
  public static Envelope.Builder envelope(ResidentOperationRequest.Builder request) {
    return Envelope.newBuilder().setResidentOperationRequest(request);
  }

  /** 照会: a resident's record and history by 住民票コード. */
  public static Envelope.Builder query(String juminhyoCode) {
    return Envelope.newBuilder()
        .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode(juminhyoCode));
  }

  /** 出生: a new 住民票コード and 個人番号. */
  public static ResidentOperationRequest.Builder birth(
      FourItems items, String headOfHousehold, String relationship) {
    return ResidentOperationRequest.newBuilder()
        .setBirth(
            Birth.newBuilder()
                .setFourItems(items)
                .setHeadOfHousehold(headOfHousehold)
                .setRelationship(relationship));
  }

  /** 転入 from another municipality, with the code and 個人番号 the person had there. */
  public static ResidentOperationRequest.Builder moveIn(
      FourItems items,
      String previousJuminhyoCode,
      String individualNumber,
      String fromMunicipality,
      String fromAddress) {
    return ResidentOperationRequest.newBuilder()
        .setMoveIn(
            MoveIn.newBuilder()
                .setFourItems(items)
                .setPreviousJuminhyoCode(previousJuminhyoCode)
                .setIndividualNumber(individualNumber)
                .setPreviousMunicipality(fromMunicipality)
                .setPreviousAddress(fromAddress));
  }

  /** 転入 of {@code before}, who moved out of {@code fromMunicipality}, to {@code newAddress}. */
  public static ResidentOperationRequest.Builder moveIn(
      IdentityInfo before, String fromMunicipality, String newAddress) {
    return moveIn(
        before.getFourItems().toBuilder().setAddress(newAddress).build(),
        before.getJuminhyoCode(),
        before.getIndividualNumber(),
        fromMunicipality,
        before.getFourItems().getAddress());
  }

  /** 国外からの転入; an empty {@code individualNumber} gets a new one. */
  public static ResidentOperationRequest.Builder moveInFromAbroad(
      FourItems items, String individualNumber) {
    return ResidentOperationRequest.newBuilder()
        .setMoveInFromAbroad(
            MoveInFromAbroad.newBuilder()
                .setFourItems(items)
                .setIndividualNumber(individualNumber));
  }

  /** 転出 to another municipality on {@code plannedDate}. */
  public static ResidentOperationRequest.Builder moveOut(
      String juminhyoCode, String plannedDate, String toMunicipality, String toAddress) {
    return ResidentOperationRequest.newBuilder()
        .setMoveOut(
            MoveOut.newBuilder()
                .setJuminhyoCode(juminhyoCode)
                .setPlannedDate(plannedDate)
                .setDestinationMunicipality(toMunicipality)
                .setDestinationAddress(toAddress));
  }

  /** 国外転出. */
  public static ResidentOperationRequest.Builder moveOutAbroad(
      String juminhyoCode, String plannedDate, String country) {
    return ResidentOperationRequest.newBuilder()
        .setMoveOutAbroad(
            MoveOutAbroad.newBuilder()
                .setJuminhyoCode(juminhyoCode)
                .setPlannedDate(plannedDate)
                .setDestinationCountry(country));
  }

  /** 特例転出: the 転出証明書情報 is held for the new municipality. */
  public static ResidentOperationRequest.Builder specialMoveOut(
      String juminhyoCode, String plannedDate, String toMunicipality, String toAddress) {
    return ResidentOperationRequest.newBuilder()
        .setSpecialMoveOut(
            SpecialMoveOut.newBuilder()
                .setJuminhyoCode(juminhyoCode)
                .setPlannedDate(plannedDate)
                .setDestinationMunicipality(toMunicipality)
                .setDestinationAddress(toAddress));
  }

  /** 特例転入: the new CS fetches the 転出証明書情報 from {@code fromMunicipality}. */
  public static ResidentOperationRequest.Builder specialMoveIn(
      String previousJuminhyoCode, String fromMunicipality, String newAddress, String cardPin) {
    return ResidentOperationRequest.newBuilder()
        .setSpecialMoveIn(
            SpecialMoveIn.newBuilder()
                .setPreviousJuminhyoCode(previousJuminhyoCode)
                .setPreviousMunicipality(fromMunicipality)
                .setNewAddress(newAddress)
                .setCardPin(cardPin));
  }

  /** 転居 within the municipality. */
  public static ResidentOperationRequest.Builder moveWithin(
      String juminhyoCode, String newAddress) {
    return ResidentOperationRequest.newBuilder()
        .setMoveWithin(
            MoveWithin.newBuilder().setJuminhyoCode(juminhyoCode).setNewAddress(newAddress));
  }

  /** 氏名変更 or 職権修正 of the 4情報; empty values (and {@code SEX_UNSPECIFIED}) stay as they are. */
  public static ResidentOperationRequest.Builder amend(
      String juminhyoCode,
      ChangeReason reason,
      String name,
      String birthDate,
      Sex sex,
      String address) {
    return ResidentOperationRequest.newBuilder()
        .setAmend(
            Amend.newBuilder()
                .setJuminhyoCode(juminhyoCode)
                .setReason(reason)
                .setName(name)
                .setBirthDate(birthDate)
                .setSex(sex)
                .setAddress(address));
  }

  /** 氏名変更. */
  public static ResidentOperationRequest.Builder nameChange(String juminhyoCode, String name) {
    return amend(
        juminhyoCode, ChangeReason.CHANGE_REASON_NAME_CHANGE, name, "", Sex.SEX_UNSPECIFIED, "");
  }

  /** 死亡. */
  public static ResidentOperationRequest.Builder death(String juminhyoCode) {
    return ResidentOperationRequest.newBuilder()
        .setDeath(Death.newBuilder().setJuminhyoCode(juminhyoCode));
  }

  /** 職権消除. */
  public static ResidentOperationRequest.Builder exOfficioRemoval(String juminhyoCode) {
    return ResidentOperationRequest.newBuilder()
        .setExOfficioRemoval(ExOfficioRemoval.newBuilder().setJuminhyoCode(juminhyoCode));
  }

  /** 住民票コード変更. */
  public static ResidentOperationRequest.Builder codeChange(String juminhyoCode) {
    return ResidentOperationRequest.newBuilder()
        .setJuminhyoCodeChange(JuminhyoCodeChange.newBuilder().setJuminhyoCode(juminhyoCode));
  }
}
