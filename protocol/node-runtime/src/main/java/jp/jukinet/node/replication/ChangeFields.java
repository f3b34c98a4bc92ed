package jp.jukinet.node.replication;

import java.util.List;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.wire.PeerText;

/**
 * The field ranges of an {@code identity_change_batch} (docs/protocol.md §7.8, §5.2), checked
 * before anything of the batch is looked up or applied: each change's source is a valid
 * municipality code, its sequence is 1 … 2^63−1 (0 and ≥ 2^63 are never duplicates), its operation
 * and reason are defined values, and its operator is empty or {@code <source>-<id>}.
 */
final class ChangeFields {
  /** The id after {@code MMMMMM-} is 1 to 57 characters: the whole code is at most 64. */
  private static final int MAX_OPERATOR_ID = 57;

  private ChangeFields() {}

  /**
   * Why the batch is out of range, naming the first bad field; null when every field is in range.
   */
  static String refusal(List<IdentityChange> changes) {
    for (int i = 0; i < changes.size(); i++) {
      String why = refusal(changes.get(i));
      if (why != null) {
        return "identity_change_batch.changes[" + i + "]." + why;
      }
    }
    return null;
  }

  private static String refusal(IdentityChange c) {
    String source = c.getSourceMunicipality();
    if (source.length() != LocalGovernmentCode.LENGTH || !LocalGovernmentCode.isValid(source)) {
      return "source_municipality "
          + PeerText.quote(source)
          + " is not a valid 6-digit 全国地方公共団体コード";
    }
    // A uint64 of 2^63 or more reads as a negative long.
    if (c.getSequence() <= 0) {
      return "sequence "
          + Long.toUnsignedString(c.getSequence())
          + " is out of range 1.."
          + Long.MAX_VALUE;
    }
    if (c.getOperation() == ChangeOperation.CHANGE_OPERATION_UNSPECIFIED
        || c.getOperation() == ChangeOperation.UNRECOGNIZED) {
      return "operation " + c.getOperationValue() + " is not a defined ChangeOperation";
    }
    if (c.getReason() == ChangeReason.CHANGE_REASON_UNSPECIFIED
        || c.getReason() == ChangeReason.UNRECOGNIZED) {
      return "reason " + c.getReasonValue() + " is not a defined ChangeReason";
    }
    String operator = c.getOperatorId();
    if (!operator.isEmpty() && !isOperatorOf(source, operator)) {
      return "operator_id "
          + PeerText.quote(operator)
          + " is neither empty nor "
          + source
          + "-<id>";
    }
    return null;
  }

  /**
   * {@code <source>-<id>} with an id of [A-Za-z0-9_-]{1,57}; checked by hand, as this runs for
   * every change at every hop.
   */
  private static boolean isOperatorOf(String source, String operator) {
    int idStart = source.length() + 1;
    int idLength = operator.length() - idStart;
    if (idLength < 1
        || idLength > MAX_OPERATOR_ID
        || !operator.startsWith(source)
        || operator.charAt(source.length()) != '-') {
      return false;
    }
    for (int i = idStart; i < operator.length(); i++) {
      char ch = operator.charAt(i);
      boolean ok =
          (ch >= 'A' && ch <= 'Z')
              || (ch >= 'a' && ch <= 'z')
              || (ch >= '0' && ch <= '9')
              || ch == '_'
              || ch == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
