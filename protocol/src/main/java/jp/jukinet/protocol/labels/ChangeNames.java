package jp.jukinet.protocol.labels;

import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.ResidentOperationRequest;

/**
 * Japanese names of resident operations and of the changes they record, for logs, the operation log
 * and the CLI.
 */
public final class ChangeNames {
  private ChangeNames() {}

  public static String operation(ChangeOperation op) {
    return switch (op) {
      case CHANGE_OPERATION_RECORD -> "記載";
      case CHANGE_OPERATION_REMOVE -> "消除";
      case CHANGE_OPERATION_AMEND -> "修正";
      default -> op.name();
    };
  }

  public static String reason(ChangeReason r) {
    return switch (r) {
      case CHANGE_REASON_MOVE_IN -> "転入";
      case CHANGE_REASON_MOVE_IN_FROM_ABROAD -> "国外からの転入";
      case CHANGE_REASON_BIRTH -> "出生";
      case CHANGE_REASON_EX_OFFICIO_RECORD -> "職権記載";
      case CHANGE_REASON_MOVE_OUT -> "転出";
      case CHANGE_REASON_MOVE_OUT_ABROAD -> "国外転出";
      case CHANGE_REASON_DEATH -> "死亡";
      case CHANGE_REASON_DECLARED_MISSING -> "失踪宣告";
      case CHANGE_REASON_EX_OFFICIO_REMOVAL -> "職権消除";
      case CHANGE_REASON_MOVE_WITHIN -> "転居";
      case CHANGE_REASON_NAME_CHANGE -> "氏名変更";
      case CHANGE_REASON_EX_OFFICIO_AMENDMENT -> "職権修正";
      case CHANGE_REASON_JUMINHYO_CODE_CHANGE -> "住民票コード変更";
      case CHANGE_REASON_INDIVIDUAL_NUMBER_CHANGE -> "個人番号変更";
      case CHANGE_REASON_SPECIAL_MOVE_IN -> "特例転入";
      case CHANGE_REASON_SPECIAL_MOVE_OUT -> "特例転出";
      case CHANGE_REASON_MOVE_OUT_CONFIRMED -> "転出確定";
      default -> r.name();
    };
  }

  /** The operation a request asks for (出生, 転入, …). */
  public static String request(ResidentOperationRequest r) {
    return switch (r.getOperationCase()) {
      case BIRTH -> "出生";
      case MOVE_IN -> "転入";
      case MOVE_IN_FROM_ABROAD -> "国外からの転入";
      case MOVE_OUT -> "転出";
      case MOVE_OUT_ABROAD -> "国外転出";
      case SPECIAL_MOVE_OUT -> "特例転出";
      case SPECIAL_MOVE_IN -> "特例転入";
      case MOVE_WITHIN -> "転居";
      case AMEND ->
          r.getAmend().getReason() == ChangeReason.CHANGE_REASON_NAME_CHANGE ? "氏名変更" : "職権修正";
      case DEATH -> "死亡";
      case EX_OFFICIO_REMOVAL -> "職権消除";
      case EX_OFFICIO_RECORD -> "職権記載";
      case JUMINHYO_CODE_CHANGE -> "住民票コード変更";
      case OPERATION_NOT_SET -> "(none)";
    };
  }

  /**
   * A change in one line: its id, operation, reason, code and reason date ("192015#12 記載 出生
   * 12345678903 (2020-04-01)").
   */
  public static String describe(IdentityChange c) {
    return c.getSourceMunicipality()
        + "#"
        + c.getSequence()
        + " "
        + operation(c.getOperation())
        + " "
        + reason(c.getReason())
        + " "
        + c.getIdentity().getJuminhyoCode()
        + " ("
        + c.getReasonDate()
        + ")";
  }
}
