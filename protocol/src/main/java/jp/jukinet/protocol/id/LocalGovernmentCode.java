package jp.jukinet.protocol.id;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * 全国地方公共団体コード: 2 digits prefecture (JIS X 0401, 01–47), 3 digits municipality (JIS X 0402) and a
 * check digit ({@link CheckDigits#localGovernmentCode}). A prefecture's own code has municipality
 * part 000 (山梨県 19000 → 190004). The seeds use the 5-digit form without the check digit; {@link
 * #parse} accepts both and the canonical form is always the 6 digits.
 */
public record LocalGovernmentCode(String value) implements Comparable<LocalGovernmentCode> {
  public static final int LENGTH = 6;
  public static final int PREFECTURES = 47;
  private static final String KIND = "全国地方公共団体コード";

  /** Validates the 6-digit form; {@link #parse} also takes the 5-digit one. */
  public LocalGovernmentCode {
    if (!CheckDigits.isDigits(value, LENGTH)) {
      throw new IllegalArgumentException(
          "invalid "
              + KIND
              + " "
              + CheckDigits.quote(value)
              + ": must be 6 digits (or 5 without the check digit)");
    }
    checkPrefecture(value);
    CheckDigits.requireValid(
        KIND,
        value,
        LENGTH,
        CheckDigits::localGovernmentCode,
        "weighted mod 11, last digit of 11 − r");
  }

  /**
   * Parses 6 digits (the check digit is verified) or 5 digits (the check digit is added): {@code
   * "131016"} and {@code "13101"} give the same code.
   */
  public static LocalGovernmentCode parse(String s) {
    if (CheckDigits.isDigits(s, 5)) {
      checkPrefecture(s);
      return new LocalGovernmentCode(s + CheckDigits.localGovernmentCode(s));
    }
    return new LocalGovernmentCode(s);
  }

  private static void checkPrefecture(String s) {
    int pref = Integer.parseInt(s.substring(0, 2));
    if (pref < 1 || pref > PREFECTURES) {
      throw new IllegalArgumentException(
          "invalid 全国地方公共団体コード "
              + CheckDigits.quote(s)
              + ": prefecture part '"
              + s.substring(0, 2)
              + "' must be 01–47 (JIS X 0401)");
    }
  }

  /** True when {@link #parse} would accept {@code s}. */
  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The prefecture's own code from its two JIS X 0401 digits: {@code "19"} → 190004. */
  public static LocalGovernmentCode prefecture(String twoDigits) {
    if (!CheckDigits.isDigits(twoDigits, 2)) {
      throw new IllegalArgumentException(
          "invalid prefecture code "
              + CheckDigits.quote(twoDigits)
              + ": must be 2 digits 01–47 (JIS X 0401)");
    }
    return parse(twoDigits + "000");
  }

  /**
   * A valid code with a real prefecture part and a random municipality part. It need not name a
   * real municipality: for tests of parsing and codecs only.
   */
  public static LocalGovernmentCode random(RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    String base =
        String.format(Locale.ROOT, "%02d%03d", 1 + rng.nextInt(PREFECTURES), rng.nextInt(1000));
    return new LocalGovernmentCode(base + CheckDigits.localGovernmentCode(base));
  }

  /** The 5 digits without the check digit, the form the seeds use. */
  public String code5() {
    return value.substring(0, 5);
  }

  /** The two JIS X 0401 prefecture digits, e.g. {@code "19"}. */
  public String prefectureCode() {
    return value.substring(0, 2);
  }

  /** The code of this code's prefecture (itself when {@link #isPrefecture()}). */
  public LocalGovernmentCode prefectureOwnCode() {
    return isPrefecture() ? this : prefecture(prefectureCode());
  }

  /** True when {@code code} is a valid 6-digit code in this code's prefecture. */
  public boolean isSamePrefecture(String code) {
    return code != null
        && code.length() == LENGTH
        && isValid(code)
        && code.startsWith(prefectureCode());
  }

  /** True for a prefecture's own code (municipality part 000). */
  public boolean isPrefecture() {
    return value.startsWith("000", 2);
  }

  @Override
  public int compareTo(LocalGovernmentCode o) {
    return value.compareTo(o.value);
  }

  /** The 6 digits with the check digit. */
  @Override
  public String toString() {
    return value;
  }
}
