package jp.jukinet.protocol.id;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * 住民票コード: 11 digits, 10 random digits and a check digit ({@link JuminhyoCodeCheckDigit},
 * best-known rule). The code is random and carries no information about the person or the
 * municipality, so never derive it from anything.
 */
public final class JuminhyoCode {
  public static final int LENGTH = 11;
  private static final long BASE_BOUND = 10_000_000_000L;

  private final String value;

  private JuminhyoCode(String value) {
    this.value = value;
  }

  /** Parses exactly 11 ASCII digits whose last digit is the check digit. */
  public static JuminhyoCode parse(String s) {
    if (!CheckDigits.isDigits(s, LENGTH)) {
      throw new IllegalArgumentException("invalid 住民票コード " + CheckDigits.quote(s) + ": must be 11 digits");
    }
    int expected = JuminhyoCodeCheckDigit.of(s.subSequence(0, LENGTH - 1));
    if (s.charAt(LENGTH - 1) - '0' != expected) {
      throw new IllegalArgumentException("invalid 住民票コード '" + s + "': check digit should be " + expected
          + " (" + JuminhyoCodeCheckDigit.RULE + ")");
    }
    return new JuminhyoCode(s);
  }

  /** True when {@link #parse} would accept {@code s}. */
  public static boolean isValid(String s) {
    return CheckDigits.isDigits(s, LENGTH)
        && s.charAt(LENGTH - 1) - '0' == JuminhyoCodeCheckDigit.of(s.subSequence(0, LENGTH - 1));
  }

  /** 10 uniformly random digits plus the check digit. Uniqueness is the allocator's job. */
  public static JuminhyoCode random(RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    String base = String.format(Locale.ROOT, "%010d", rng.nextLong(BASE_BOUND));
    return new JuminhyoCode(base + JuminhyoCodeCheckDigit.of(base));
  }

  /** The 11 digits. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JuminhyoCode other && value.equals(other.value);
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
