package jp.jukinet.protocol.id;

import java.util.random.RandomGenerator;

/**
 * 個人番号 (My Number): 11 base digits and a check digit per 総務省令第八十五号 第五条 ({@link
 * CheckDigits#individualNumber}). The real base is a secret conversion of the 住民票コード; the
 * simulator's {@link CodeAllocator} uses a keyed permutation instead. Constructing one validates
 * it.
 */
public record IndividualNumber(String value) {
  public static final int LENGTH = 12;
  private static final String KIND = "個人番号";
  private static final String RULE = "weighted mod 11";

  public IndividualNumber {
    CheckDigits.requireValid(KIND, value, LENGTH, CheckDigits::individualNumber, RULE);
  }

  /** Parses exactly 12 ASCII digits whose last digit is the check digit. */
  public static IndividualNumber parse(String s) {
    return new IndividualNumber(s);
  }

  /** True when {@link #parse} would accept {@code s}. */
  public static boolean isValid(String s) {
    return CheckDigits.isValid(s, LENGTH, CheckDigits::individualNumber);
  }

  /** 11 uniformly random digits plus the check digit. */
  public static IndividualNumber random(RandomGenerator rng) {
    return new IndividualNumber(CheckDigits.random(rng, LENGTH, CheckDigits::individualNumber));
  }

  /** The 12 digits. */
  @Override
  public String toString() {
    return value;
  }
}
