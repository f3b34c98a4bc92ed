package jp.jukinet.cs.resident;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.id.Names;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.wire.PeerText;

/** Checks of request fields; each failure names the field, the bad value and the rule. */
public final class Fields {
  private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1850, 1, 1);

  /** ふりがな: katakana (and ー), words separated by one space, at most this many characters. */
  static final int KANA_MAX = 64;

  private static final Pattern KANA =
      Pattern.compile("[\\u30A1-\\u30F6\\u30FC]+( [\\u30A1-\\u30F6\\u30FC]+)*");

  private Fields() {}

  /** An ISO-8601 date, or {@code fallback} when empty. */
  public static LocalDate date(String field, String value, LocalDate fallback) {
    if (value == null || value.isEmpty()) {
      if (fallback == null) {
        throw OperationRefusedException.invalid(
            field + " is required (an ISO-8601 date such as 2020-04-01)");
      }
      return fallback;
    }
    try {
      return IsoDates.parse(value);
    } catch (DateTimeParseException e) {
      throw OperationRefusedException.invalid(
          field
              + " "
              + PeerText.quoteSingle(value)
              + " is not an ISO-8601 date such as 2020-04-01");
    }
  }

  public static String juminhyoCode(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw OperationRefusedException.invalid(field + " (住民票コード) is required");
    }
    try {
      return JuminhyoCode.parse(value).value();
    } catch (IllegalArgumentException e) {
      throw OperationRefusedException.invalid(field + ": " + e.getMessage());
    }
  }

  public static String individualNumber(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw OperationRefusedException.invalid(field + " (個人番号) is required");
    }
    try {
      return IndividualNumber.parse(value).value();
    } catch (IllegalArgumentException e) {
      throw OperationRefusedException.invalid(field + ": " + e.getMessage());
    }
  }

  /** A 全国地方公共団体コード, 6 digits or 5 (then the check digit is added). */
  public static LocalGovernmentCode municipality(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw OperationRefusedException.invalid(field + " (全国地方公共団体コード) is required");
    }
    try {
      LocalGovernmentCode code = LocalGovernmentCode.parse(value);
      if (code.isPrefecture()) {
        throw OperationRefusedException.invalid(
            field
                + " "
                + PeerText.quoteSingle(value)
                + " is a prefecture's code, not a municipality's");
      }
      return code;
    } catch (IllegalArgumentException e) {
      throw OperationRefusedException.invalid(field + ": " + e.getMessage());
    }
  }

  public static String nonBlank(String field, String value) {
    if (Names.isBlank(value)) {
      throw OperationRefusedException.invalid(field + " must not be empty");
    }
    return value.strip();
  }

  public static Sex sex(String field, Sex sex) {
    if (sex != Sex.SEX_MALE && sex != Sex.SEX_FEMALE) {
      throw OperationRefusedException.invalid(
          field + " must be SEX_MALE (男) or SEX_FEMALE (女), not " + sex);
    }
    return sex;
  }

  public static LocalDate birthDate(String field, String value, LocalDate today) {
    LocalDate d = date(field, value, null);
    if (d.isAfter(today)) {
      throw OperationRefusedException.invalid(
          field + " " + d + " is in the future (today is " + today + ")");
    }
    if (d.isBefore(EARLIEST_BIRTH)) {
      throw OperationRefusedException.invalid(field + " " + d + " is before " + EARLIEST_BIRTH);
    }
    return d;
  }

  /** An optional 氏名のふりがな: empty, or katakana words separated by single spaces. */
  public static String kana(String field, String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (value.length() > KANA_MAX || !KANA.matcher(value).matches()) {
      throw OperationRefusedException.invalid(
          field
              + " "
              + PeerText.quoteSingle(value)
              + " must be katakana words separated by single spaces, at most "
              + KANA_MAX
              + " characters");
    }
    return value;
  }

  /** All four items present and well-formed; returns them with the name and address stripped. */
  public static FourItems fourItems(String field, FourItems f, LocalDate today) {
    return FourItems.newBuilder()
        .setName(nonBlank(field + ".name (氏名)", f.getName()))
        .setBirthDate(birthDate(field + ".birth_date (生年月日)", f.getBirthDate(), today).toString())
        .setSex(sex(field + ".sex (性別)", f.getSex()))
        .setAddress(nonBlank(field + ".address (住所)", f.getAddress()))
        .build();
  }
}
