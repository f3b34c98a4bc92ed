package jp.jukinet.sim.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PopulateVerifyHeapTest {
  private static final long MB = 1L << 20;

  @Test
  void aSmallPopulationVerifiesWithTheDefaultHeap() {
    // 山梨県 at 0.1 with the CLI's default -Xmx512m (the JVM reports a little less).
    assertDoesNotThrow(() -> PopulateCommand.requireHeapToVerify(82_658, 490 * MB));
  }

  @Test
  void aWholePrefectureIsRefusedUpFrontNamingTheHeapItNeeds() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> PopulateCommand.requireHeapToVerify(826_579, 490 * MB));
    assertTrue(e.getMessage().contains("JUKINET_JAVA_OPTS=-Xmx2g"), e.getMessage());
    assertTrue(e.getMessage().contains("826,579 residents"), e.getMessage());
    assertDoesNotThrow(() -> PopulateCommand.requireHeapToVerify(826_579, 2048 * MB));
  }
}
