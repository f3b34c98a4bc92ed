package jp.jukinet.protocol.id;

import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import jp.jukinet.protocol.wire.PeerText;

/**
 * The three weighted modulus-11 check-digit rules of docs/design.md §6. They share the weighted sum
 * and differ in the weights and in what a remainder of 0 or 1 gives.
 *
 * <p>Each method takes the base digits only (without the check digit), as ASCII {@code 0-9}; the
 * callers have already checked length and characters, so a wrong argument here is a bug and fails
 * with an {@link IllegalArgumentException}.
 */
public final class CheckDigits {
  /** 個人番号: the 11 base digits, left to right (総務省令第八十五号 第五条). */
  private static final int[] INDIVIDUAL_NUMBER_WEIGHTS = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

  /** 住民票コード (best-known, unverified): the same 2..7 cycle from the right, over 10 base digits. */
  private static final int[] JUMINHYO_CODE_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

  /** 全国地方公共団体コード: the 5 base digits, left to right. */
  private static final int[] LOCAL_GOVERNMENT_CODE_WEIGHTS = {6, 5, 4, 3, 2};

  private CheckDigits() {}

  /**
   * 個人番号 check digit: r = Σ digit × weight mod 11 with weights 6,5,4,3,2,7,6,5,4,3,2; 0 when r ≤ 1,
   * else 11 − r. {@code 12345678901} → 8.
   */
  public static int individualNumber(CharSequence base11) {
    return elevenMinusOrZero(remainder(base11, INDIVIDUAL_NUMBER_WEIGHTS));
  }

  /**
   * The best-known 住民票コード rule (unverified; see {@link JuminhyoCodeCheckDigit}): weights
   * 5,4,3,2,7,6,5,4,3,2; 0 when r ≤ 1, else 11 − r. {@code 1234567890} → 3.
   */
  public static int juminhyoCode(CharSequence base10) {
    return elevenMinusOrZero(remainder(base10, JUMINHYO_CODE_WEIGHTS));
  }

  /**
   * 全国地方公共団体コード check digit: weights 6,5,4,3,2; (11 − r) mod 10, so r = 0 gives 1 and r = 1 gives 0
   * (unlike the 個人番号). {@code 13101} → 6.
   */
  public static int localGovernmentCode(CharSequence base5) {
    return (11 - remainder(base5, LOCAL_GOVERNMENT_CODE_WEIGHTS)) % 10;
  }

  private static int elevenMinusOrZero(int r) {
    return r <= 1 ? 0 : 11 - r;
  }

  private static int remainder(CharSequence digits, int[] weights) {
    if (digits.length() != weights.length) {
      throw new IllegalArgumentException(
          "check digit base '" + digits + "' must be " + weights.length + " digits");
    }
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("check digit base '" + digits + "' must be digits 0-9");
      }
      sum += (c - '0') * weights[i];
    }
    return sum % 11;
  }

  /** True when {@code s} is exactly {@code length} ASCII digits. */
  static boolean isDigits(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks {@code s} is {@code length} digits whose last is {@code check} of the others, with an
   * error naming the kind of code, the value and the rule broken. Returns {@code s}.
   */
  static String requireValid(
      String kind, String s, int length, ToIntFunction<CharSequence> check, String rule) {
    if (!isDigits(s, length)) {
      throw new IllegalArgumentException(
          "invalid " + kind + " " + quote(s) + ": must be " + length + " digits");
    }
    int expected = check.applyAsInt(s.subSequence(0, length - 1));
    if (s.charAt(length - 1) - '0' != expected) {
      throw new IllegalArgumentException(
          "invalid "
              + kind
              + " "
              + quote(s)
              + ": check digit should be "
              + expected
              + " ("
              + rule
              + ")");
    }
    return s;
  }

  /** True when {@link #requireValid} would accept {@code s}. */
  static boolean isValid(String s, int length, ToIntFunction<CharSequence> check) {
    return isDigits(s, length)
        && s.charAt(length - 1) - '0' == check.applyAsInt(s.subSequence(0, length - 1));
  }

  /** {@code length - 1} uniformly random digits followed by their check digit. */
  static String random(RandomGenerator rng, int length, ToIntFunction<CharSequence> check) {
    Objects.requireNonNull(rng, "rng");
    StringBuilder base = new StringBuilder(length);
    for (int i = 0; i < length - 1; i++) {
      base.append((char) ('0' + rng.nextInt(10)));
    }
    return base.append(check.applyAsInt(base)).toString();
  }

  /**
   * Quotes a value for an error message (bounded and escaped: it may be a peer's); null stays
   * visible.
   */
  static String quote(String s) {
    return PeerText.quoteSingle(s);
  }
}
