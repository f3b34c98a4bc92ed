package jp.jukinet.cs.resident;

import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;

/** Japanese names of change operations and reasons, for logs and the CLI. */
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
}
