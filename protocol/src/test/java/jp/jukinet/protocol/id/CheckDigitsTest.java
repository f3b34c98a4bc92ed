package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worked examples of docs/design.md §6, each rule on its own. */
@Timeout(60)
class CheckDigitsTest {

  @ParameterizedTest(name = "個人番号 {0} → {1}")
  @CsvSource({
    "12345678901, 8", // Σ 212, r 3
    "12345678900, 0", // Σ 210, r 1 → 0
    "98320567321, 4", // Σ 238, r 7
  })
  void individualNumber(String base, int check) {
    assertEquals(check, CheckDigits.individualNumber(base));
  }

  @ParameterizedTest(name = "住民票コード {0} → {1}")
  @CsvSource({
    "1234567890, 3", // Σ 195, r 8
    "2472705960, 8", // Σ 179, r 3
    "2484601622, 4",
    "2520801764, 3",
  })
  void juminhyoCode(String base, int check) {
    assertEquals(check, CheckDigits.juminhyoCode(base));
    assertEquals(check, JuminhyoCodeCheckDigit.of(base));
  }

  @ParameterizedTest(name = "地方公共団体コード {0} → {1}")
  @CsvSource({
    "13101, 6", // S 27, r 5
    "01213, 1", // S 22, r 0 → 1 (not 0 as for the 個人番号)
    "01205, 0", // S 23, r 1 → 0
    "19201, 5", // S 61, r 6
    "19000, 4",
  })
  void localGovernmentCode(String base, int check) {
    assertEquals(check, CheckDigits.localGovernmentCode(base));
  }

  @Test
  void wrongBaseIsABug() {
    assertThrows(IllegalArgumentException.class, () -> CheckDigits.localGovernmentCode("1310"));
    assertThrows(IllegalArgumentException.class, () -> CheckDigits.juminhyoCode("123456789x"));
  }
}
