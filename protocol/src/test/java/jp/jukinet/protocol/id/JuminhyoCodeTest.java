package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class JuminhyoCodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"12345678903", "24727059608", "24846016224", "25208017643"})
  void workedExamplesAreValid(String s) {
    JuminhyoCode code = JuminhyoCode.parse(s);
    assertEquals(s, code.value());
    assertEquals(s, code.toString());
    assertTrue(JuminhyoCode.isValid(s));
  }

  @Test
  void theTwinsCodeFromTheSampleIsInvalid() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JuminhyoCode.parse("25208017644"));
    assertEquals(
        "invalid 住民票コード '25208017644': check digit should be 3 (weighted mod 11)", e.getMessage());
  }

  @Test
  void wrongCheckDigitNamesTheExpectedOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JuminhyoCode.parse("12345678904"));
    assertEquals(
        "invalid 住民票コード '12345678904': check digit should be 3 (weighted mod 11)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"24727059608", "12345678903", "24846016224", "25208017643", "10000000030"})
  void everySingleDigitChangeIsRejectedExceptTheRemainderZeroOneCollision(String valid) {
    JuminhyoCode.parse(valid);
    for (String bad : Corruptions.singleDigitChanges(valid)) {
      if (Corruptions.isBlindSpot(valid, bad, Corruptions.JUMINHYO_CODE, 0, 1)) {
        assertTrue(JuminhyoCode.isValid(bad), bad);
        continue;
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> JuminhyoCode.parse(bad), bad);
      assertTrue(
          e.getMessage().startsWith("invalid 住民票コード '" + bad + "': check digit should be "),
          e.getMessage());
      assertFalse(JuminhyoCode.isValid(bad));
    }
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "1234567890",
        "123456789031",
        "1234567890a",
        "１２３４５６７８９０３",
        " 12345678903",
        "1234-567890",
        "-1234567890"
      })
  void malformedIsRejected(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JuminhyoCode.parse(bad));
    String shown = bad == null ? "null" : "'" + bad + "'";
    assertEquals("invalid 住民票コード " + shown + ": must be 11 digits", e.getMessage());
    assertFalse(JuminhyoCode.isValid(bad));
  }

  @Test
  void randomCodesAreValidAndSpread() {
    SplittableRandom rng = new SplittableRandom(42);
    Set<JuminhyoCode> seen = new HashSet<>();
    int[] firstDigit = new int[10];
    for (int i = 0; i < 20_000; i++) {
      JuminhyoCode code = JuminhyoCode.random(rng);
      assertEquals(code, JuminhyoCode.parse(code.value()));
      seen.add(code);
      firstDigit[code.value().charAt(0) - '0']++;
    }
    assertTrue(seen.size() > 19_990, "random codes collide far too often: " + seen.size());
    for (int count : firstDigit) {
      assertTrue(count > 1_500, "leading digits are not uniform");
    }
  }

  @Test
  void equalityIsByValue() {
    assertEquals(JuminhyoCode.parse("12345678903"), JuminhyoCode.parse("12345678903"));
    assertEquals(
        JuminhyoCode.parse("12345678903").hashCode(), JuminhyoCode.parse("12345678903").hashCode());
    assertNotEquals(JuminhyoCode.parse("12345678903"), JuminhyoCode.parse("24727059608"));
  }
}
