package jp.jukinet.node.store;

import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.Sex;

/** Builders for test changes. Codes are plain strings here (validated elsewhere). */
public final class Changes {
  private Changes() {}

  public static IdentityInfo person(
      String code, String name, String birth, String number, String address) {
    return IdentityInfo.newBuilder()
        .setJuminhyoCode(code)
        .setIndividualNumber(number)
        .setFourItems(
            FourItems.newBuilder()
                .setName(name)
                .setBirthDate(birth)
                .setSex(Sex.SEX_FEMALE)
                .setAddress(address))
        .build();
  }

  public static IdentityChange change(
      String source,
      long seq,
      ChangeOperation op,
      ChangeReason reason,
      String date,
      long recordedAt,
      IdentityInfo identity) {
    return IdentityChange.newBuilder()
        .setSourceMunicipality(source)
        .setSequence(seq)
        .setOperation(op)
        .setReason(reason)
        .setReasonDate(date)
        .setRecordedAtMillis(recordedAt)
        .setIdentity(identity.toBuilder().setMunicipalityCode(source))
        .build();
  }

  public static IdentityChange birth(
      String source, long seq, String date, long recordedAt, IdentityInfo identity) {
    return change(
        source,
        seq,
        ChangeOperation.CHANGE_OPERATION_RECORD,
        ChangeReason.CHANGE_REASON_BIRTH,
        date,
        recordedAt,
        identity);
  }

  public static IdentityChange amend(
      String source, long seq, ChangeReason reason, String date, long at, IdentityInfo info) {
    return change(source, seq, ChangeOperation.CHANGE_OPERATION_AMEND, reason, date, at, info);
  }

  public static IdentityChange remove(
      String source, long seq, ChangeReason reason, String date, long at, IdentityInfo info) {
    return change(source, seq, ChangeOperation.CHANGE_OPERATION_REMOVE, reason, date, at, info);
  }

  public static IdentityChange record(
      String source, long seq, ChangeReason reason, String date, long at, IdentityInfo info) {
    return change(source, seq, ChangeOperation.CHANGE_OPERATION_RECORD, reason, date, at, info);
  }

  public static IdentityInfo address(IdentityInfo info, String address) {
    return info.toBuilder()
        .setFourItems(info.getFourItems().toBuilder().setAddress(address))
        .build();
  }
}
