package jp.jukinet.protocol.id;

import java.util.random.RandomGenerator;

/**
 * 住民票コード: 11 digits, 10 random digits and a check digit ({@link JuminhyoCodeCheckDigit}, best-known
 * rule). The code is random and carries no information about the person or the municipality, so
 * never derive it from anything. Constructing one validates it.
 */
public record JuminhyoCode(String value) {
  public static final int LENGTH = 11;
  private static final String KIND = "住民票コード";

  public JuminhyoCode {
    CheckDigits.requireValid(
        KIND, value, LENGTH, JuminhyoCodeCheckDigit::of, JuminhyoCodeCheckDigit.RULE);
  }

  /** Parses exactly 11 ASCII digits whose last digit is the check digit. */
  public static JuminhyoCode parse(String s) {
    return new JuminhyoCode(s);
  }

  /** True when {@link #parse} would accept {@code s}. */
  public static boolean isValid(String s) {
    return CheckDigits.isValid(s, LENGTH, JuminhyoCodeCheckDigit::of);
  }

  /** 10 uniformly random digits plus the check digit. Uniqueness is the allocator's job. */
  public static JuminhyoCode random(RandomGenerator rng) {
    return new JuminhyoCode(CheckDigits.random(rng, LENGTH, JuminhyoCodeCheckDigit::of));
  }

  /** The 11 digits. */
  @Override
  public String toString() {
    return value;
  }
}
