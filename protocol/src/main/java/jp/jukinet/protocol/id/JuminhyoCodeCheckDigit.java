package jp.jukinet.protocol.id;

/**
 * The one place that decides the 住民票コード check digit.
 *
 * <p><b>Best-known rule, not verified.</b> 住民基本台帳法施行規則 第1条 fixes the structure (10 random digits
 * and one check digit computed by a formula the Minister sets by 告示), but the 告示 itself was not
 * found in any public source (docs/design.md §6). This seam implements the best-supported
 * candidate: the 個人番号's weighted modulus-11 rule applied to the 10 base digits (weights
 * 5,4,3,2,7,6,5,4,3,2 from the left; check 0 when the remainder is 0 or 1, else 11 − r). If the
 * official formula turns up, change it here and nowhere else.
 */
public final class JuminhyoCodeCheckDigit {
  /** How the rule is named in error messages. */
  public static final String RULE = "weighted mod 11";

  private JuminhyoCodeCheckDigit() {}

  /** The check digit for 10 base digits, e.g. {@code 1234567890} → 3. */
  public static int of(CharSequence base10) {
    return CheckDigits.juminhyoCode(base10);
  }
}
