package jp.jukinet.protocol.id;

import java.util.ArrayList;
import java.util.List;

/**
 * Single-digit corruptions of valid codes, and the rules' one blind spot.
 *
 * <p>All weights are 2..7, never a multiple of 11, so changing one base digit always changes the
 * weighted sum's remainder mod 11. It can still keep the check digit when two remainders share one:
 * r = 0 and r = 1 both give 0 for the 個人番号 and 住民票コード, r = 0 and r = 10 both give 1 for the
 * 全国地方公共団体コード. Tests accept a corruption only in exactly that case.
 */
final class Corruptions {
  static final int[] INDIVIDUAL_NUMBER = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  static final int[] JUMINHYO_CODE = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  static final int[] LOCAL_GOVERNMENT_CODE = {6, 5, 4, 3, 2};

  private Corruptions() {}

  static List<String> singleDigitChanges(String valid) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < valid.length(); i++) {
      for (char d = '0'; d <= '9'; d++) {
        if (d != valid.charAt(i)) {
          out.add(valid.substring(0, i) + d + valid.substring(i + 1));
        }
      }
    }
    return out;
  }

  /** The weighted sum mod 11 of the base digits (all but the last). */
  static int remainder(String code, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += (code.charAt(i) - '0') * weights[i];
    }
    return sum % 11;
  }

  /**
   * True when the corruption is in the rule's blind spot: base changed between two colliding
   * remainders.
   */
  static boolean isBlindSpot(
      String valid, String corrupt, int[] weights, int collidingA, int collidingB) {
    int before = remainder(valid, weights);
    int after = remainder(corrupt, weights);
    boolean sameCheck = valid.charAt(valid.length() - 1) == corrupt.charAt(corrupt.length() - 1);
    return sameCheck
        && before != after
        && (before == collidingA && after == collidingB
            || before == collidingB && after == collidingA);
  }
}
