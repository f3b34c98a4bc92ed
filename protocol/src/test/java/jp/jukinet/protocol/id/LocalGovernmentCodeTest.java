package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class LocalGovernmentCodeTest {

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({
    "13101, 131016", // 千代田区
    "01213, 012131", // 苫小牧市, r = 0 gives 1
    "01205, 012050", // 室蘭市, r = 1 gives 0
    "19201, 192015", // 甲府市
  })
  void workedExamplesInBothForms(String code5, String code6) {
    LocalGovernmentCode fromSix = LocalGovernmentCode.parse(code6);
    LocalGovernmentCode fromFive = LocalGovernmentCode.parse(code5);
    assertEquals(fromSix, fromFive);
    assertEquals(code6, fromFive.value());
    assertEquals(code6, fromFive.toString());
    assertEquals(code5, fromSix.code5());
    assertEquals(code5.substring(0, 2), fromSix.prefectureCode());
    assertFalse(fromSix.isPrefecture());
  }

  @Test
  void prefectureOwnCodes() {
    LocalGovernmentCode yamanashi = LocalGovernmentCode.prefecture("19");
    assertEquals("190004", yamanashi.value());
    assertTrue(yamanashi.isPrefecture());
    assertEquals("19", yamanashi.prefectureCode());
    assertEquals("130001", LocalGovernmentCode.prefecture("13").value());
    assertEquals(yamanashi, LocalGovernmentCode.parse("192015").prefectureOwnCode());
    assertEquals(yamanashi, yamanashi.prefectureOwnCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "48", "99", "1", "190", "ab"})
  void badPrefectureCodes(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalGovernmentCode.prefecture(bad));
    assertTrue(
        e.getMessage().contains("'" + bad) && e.getMessage().contains("01–47"), e.getMessage());
  }

  @Test
  void wrongCheckDigit() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalGovernmentCode.parse("131017"));
    assertEquals(
        "invalid 全国地方公共団体コード '131017': check digit should be 6 (weighted mod 11, last digit of 11 − r)",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"131016", "012131", "012050", "192015"})
  void everySingleDigitChangeIsRejectedExceptTheRemainderZeroTenCollision(String valid) {
    for (String bad : Corruptions.singleDigitChanges(valid)) {
      if (Corruptions.isBlindSpot(valid, bad, Corruptions.LOCAL_GOVERNMENT_CODE, 0, 10)
          && LocalGovernmentCode.isValid(bad.substring(0, 5))) {
        assertTrue(
            LocalGovernmentCode.isValid(bad), bad); // (11 − r) mod 10 gives 1 for r = 0 and r = 10
        continue;
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LocalGovernmentCode.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("invalid 全国地方公共団体コード '" + bad + "': "), e.getMessage());
    }
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "1310", "1310160", "13101x", "１３１０１６", "13 101"})
  void malformedIsRejected(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalGovernmentCode.parse(bad));
    String shown = bad == null ? "null" : "'" + bad + "'";
    assertEquals(
        "invalid 全国地方公共団体コード " + shown + ": must be 6 digits (or 5 without the check digit)",
        e.getMessage());
    assertFalse(LocalGovernmentCode.isValid(bad));
  }

  @ParameterizedTest
  @ValueSource(strings = {"00000", "000001", "48000", "99999"})
  void prefecturePartOutsideJisRange(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalGovernmentCode.parse(bad));
    assertTrue(e.getMessage().contains("must be 01–47 (JIS X 0401)"), e.getMessage());
  }

  @Test
  void randomCodesAreValid() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      LocalGovernmentCode code = LocalGovernmentCode.random(rng);
      assertEquals(code, LocalGovernmentCode.parse(code.value()));
      assertEquals(code, LocalGovernmentCode.parse(code.code5()));
    }
  }
}
