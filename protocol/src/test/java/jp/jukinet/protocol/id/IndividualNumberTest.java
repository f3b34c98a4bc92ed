package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class IndividualNumberTest {

  @ParameterizedTest
  @ValueSource(strings = {"123456789018", "123456789000", "983205673214"})
  void workedExamplesAreValid(String s) {
    IndividualNumber n = IndividualNumber.parse(s);
    assertEquals(s, n.value());
    assertEquals(s, n.toString());
    assertTrue(IndividualNumber.isValid(s));
  }

  @Test
  void onlyTheRightCheckDigitOfTheSeriesIsAccepted() {
    // The ytkhs gist tests 123456789010..019 and accepts only …018.
    for (int d = 0; d <= 9; d++) {
      String s = "12345678901" + d;
      assertEquals(d == 8, IndividualNumber.isValid(s), s);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndividualNumber.parse("123456789019"));
    assertEquals(
        "invalid 個人番号 '123456789019': check digit should be 8 (weighted mod 11)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"123456789018", "123456789000", "983205673214"})
  void everySingleDigitChangeIsRejectedExceptTheRemainderZeroOneCollision(String valid) {
    int accepted = 0;
    for (String bad : Corruptions.singleDigitChanges(valid)) {
      if (Corruptions.isBlindSpot(valid, bad, Corruptions.INDIVIDUAL_NUMBER, 0, 1)) {
        assertTrue(
            IndividualNumber.isValid(bad), bad); // the ordinance's rule cannot tell these apart
        accepted++;
        continue;
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> IndividualNumber.parse(bad), bad);
      assertTrue(
          e.getMessage().startsWith("invalid 個人番号 '" + bad + "': check digit should be "),
          e.getMessage());
    }
    // Only a code whose check digit is 0 can have a blind spot.
    assertEquals(
        valid.endsWith("0"), accepted > 0, "accepted corruptions of " + valid + ": " + accepted);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "12345678901", "1234567890180", "12345678901x", "１２３４５６７８９０１８"})
  void malformedIsRejected(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndividualNumber.parse(bad));
    String shown = bad == null ? "null" : "'" + bad + "'";
    assertEquals("invalid 個人番号 " + shown + ": must be 12 digits", e.getMessage());
    assertFalse(IndividualNumber.isValid(bad));
  }

  @Test
  void randomNumbersAreValid() {
    SplittableRandom rng = new SplittableRandom(7);
    int zeros = 0;
    for (int i = 0; i < 20_000; i++) {
      IndividualNumber n = IndividualNumber.random(rng);
      assertEquals(n, IndividualNumber.parse(n.value()));
      if (n.value().endsWith("0")) {
        zeros++;
      }
    }
    // Remainders 0 and 1 both give 0, so about 2/11 of numbers end in 0.
    assertTrue(zeros > 3_000 && zeros < 4_300, "check digit 0 share: " + zeros);
  }

  @Test
  void equalityIsByValue() {
    assertEquals(IndividualNumber.parse("123456789018"), IndividualNumber.parse("123456789018"));
    assertNotEquals(IndividualNumber.parse("123456789018"), IndividualNumber.parse("123456789000"));
  }
}
