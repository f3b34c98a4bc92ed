package jp.jukinet.protocol.id;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * 個人番号 (My Number): 11 base digits and a check digit per 総務省令第八十五号 第五条
 * ({@link CheckDigits#individualNumber}). The real base is a secret conversion of the 住民票コード;
 * the simulator draws it at random instead.
 */
public final class IndividualNumber {
  public static final int LENGTH = 12;
  private static final long BASE_BOUND = 100_000_000_000L;

  private final String value;

  private IndividualNumber(String value) {
    this.value = value;
  }

  /** Parses exactly 12 ASCII digits whose last digit is the check digit. */
  public static IndividualNumber parse(String s) {
    if (!CheckDigits.isDigits(s, LENGTH)) {
      throw new IllegalArgumentException("invalid 個人番号 " + CheckDigits.quote(s) + ": must be 12 digits");
    }
    int expected = CheckDigits.individualNumber(s.subSequence(0, LENGTH - 1));
    if (s.charAt(LENGTH - 1) - '0' != expected) {
      throw new IllegalArgumentException(
          "invalid 個人番号 '" + s + "': check digit should be " + expected + " (weighted mod 11)");
    }
    return new IndividualNumber(s);
  }

  /** True when {@link #parse} would accept {@code s}. */
  public static boolean isValid(String s) {
    return CheckDigits.isDigits(s, LENGTH)
        && s.charAt(LENGTH - 1) - '0' == CheckDigits.individualNumber(s.subSequence(0, LENGTH - 1));
  }

  /** 11 uniformly random digits plus the check digit. */
  public static IndividualNumber random(RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    String base = String.format(Locale.ROOT, "%011d", rng.nextLong(BASE_BOUND));
    return new IndividualNumber(base + CheckDigits.individualNumber(base));
  }

  /** The 12 digits. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndividualNumber other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
