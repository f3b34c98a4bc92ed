package jp.jukinet.sim.cli.cs;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.protocol.labels.ChangeNames;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;

/** Records and changes as a table with Japanese headings, or as JSON-ready maps. */
public final class ResidentOutput {
  private ResidentOutput() {}

  public static void printIdentity(PrintWriter out, IdentityInfo i) {
    row(out, "住民票コード", i.getJuminhyoCode());
    row(out, "個人番号", i.getIndividualNumber());
    row(out, "氏名", i.getFourItems().getName());
    row(out, "生年月日", i.getFourItems().getBirthDate());
    row(out, "性別", sex(i.getFourItems().getSex()));
    row(out, "住所", i.getFourItems().getAddress());
    row(out, "市区町村", i.getMunicipalityCode());
    row(out, "状態", i.getRemoved() ? "消除" : "記載");
  }

  static void printChange(PrintWriter out, IdentityChange c) {
    row(
        out,
        "変更情報",
        c.getSourceMunicipality()
            + "#"
            + c.getSequence()
            + " "
            + ChangeNames.operation(c.getOperation())
            + " "
            + ChangeNames.reason(c.getReason()));
    row(out, "異動年月日", c.getReasonDate());
    row(out, "届出年月日", c.getNotificationDate());
    if (!c.getPreviousJuminhyoCode().isEmpty()) {
      row(out, "従前の住民票コード", c.getPreviousJuminhyoCode());
    }
    if (!c.getPreviousAddress().isEmpty()) {
      row(out, "従前の住所", c.getPreviousAddress());
    }
    if (!c.getPreviousMunicipality().isEmpty()) {
      row(out, "転入元", c.getPreviousMunicipality());
    }
    if (!c.getDestinationMunicipality().isEmpty()) {
      row(out, "転出先", c.getDestinationMunicipality());
    }
  }

  static void printHistoryLine(PrintWriter out, IdentityChange c) {
    out.printf(
        "  %-10s %-14s %s %s  %s%n",
        c.getReasonDate(),
        c.getSourceMunicipality() + "#" + c.getSequence(),
        ChangeNames.operation(c.getOperation()),
        ChangeNames.reason(c.getReason()),
        c.getIdentity().getFourItems().getAddress());
  }

  static void printCopy(PrintWriter out, WideAreaCopyResponse r) {
    printIdentity(out, r.getIdentity());
    row(out, "世帯主", r.getHeadOfHousehold());
    row(out, "続柄", r.getRelationship());
    row(out, "住民となった年月日", r.getBecameResidentDate());
    row(out, "住所を定めた年月日", r.getAddressSetDate());
  }

  public static Map<String, Object> identity(IdentityInfo i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("juminhyo_code", i.getJuminhyoCode());
    m.put("individual_number", i.getIndividualNumber());
    m.put("name", i.getFourItems().getName());
    m.put("birth_date", i.getFourItems().getBirthDate());
    m.put("sex", sexWord(i.getFourItems().getSex()));
    m.put("address", i.getFourItems().getAddress());
    m.put("municipality_code", i.getMunicipalityCode());
    m.put("removed", i.getRemoved());
    return m;
  }

  static Map<String, Object> change(IdentityChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source_municipality", c.getSourceMunicipality());
    m.put("sequence", c.getSequence());
    m.put("operation", ChangeNames.operation(c.getOperation()));
    m.put("reason", ChangeNames.reason(c.getReason()));
    m.put("reason_date", c.getReasonDate());
    m.put("notification_date", c.getNotificationDate());
    m.put("recorded_at_millis", c.getRecordedAtMillis());
    m.put("previous_juminhyo_code", c.getPreviousJuminhyoCode());
    m.put("previous_address", c.getPreviousAddress());
    m.put("previous_municipality", c.getPreviousMunicipality());
    m.put("destination_municipality", c.getDestinationMunicipality());
    m.put("identity", identity(c.getIdentity()));
    return m;
  }

  static List<Map<String, Object>> changes(List<IdentityChange> cs) {
    List<Map<String, Object>> out = new ArrayList<>();
    cs.forEach(c -> out.add(change(c)));
    return out;
  }

  static void row(PrintWriter out, String heading, String value) {
    out.printf("%s%s %s%n", heading, " ".repeat(Math.max(1, 20 - 2 * heading.length())), value);
  }

  static String sex(Sex s) {
    return switch (s) {
      case SEX_MALE -> "男";
      case SEX_FEMALE -> "女";
      default -> "";
    };
  }

  private static String sexWord(Sex s) {
    return switch (s) {
      case SEX_MALE -> "male";
      case SEX_FEMALE -> "female";
      default -> "";
    };
  }
}
