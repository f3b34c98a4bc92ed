package jp.jukinet.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.verify.VerifyReport;
import org.junit.jupiter.api.Test;

class TimeoutMixinTest {
  @Test
  void theDefaultDeadlineGrowsWithTheNetwork() {
    TimeoutMixin m = new TimeoutMixin();
    assertEquals(
        Duration.ofSeconds(20), m.timeout(Topologies.resolve("synthetic:4x10").nodes().size()));
    assertEquals(
        Duration.ofMillis(1_789 * 50L), m.timeout(Topologies.resolve("japan").nodes().size()));
  }

  @Test
  void aGivenDeadlineIsKeptAndMustBePositive() {
    TimeoutMixin m = new TimeoutMixin();
    m.timeout = Duration.ofSeconds(5);
    assertEquals(Duration.ofSeconds(5), m.timeout(10_000));
    m.timeout = Duration.ZERO;
    assertThrows(InvalidInputException.class, () -> m.timeout(1));
  }

  @Test
  void verifyExitsThreeWhenANodeDidNotAnswerEvenWithDifferences() {
    VerifyReport partial =
        report(3, List.of(new VerifyReport.NotAnswering("national", "no answer within 20 s")));
    assertEquals(ExitCodes.UNEXPECTED_STATE, VerifyCommand.exitCode(partial));
    assertEquals(ExitCodes.FAILURE, VerifyCommand.exitCode(report(3, List.of())));
    assertEquals(ExitCodes.OK, VerifyCommand.exitCode(report(0, List.of())));
  }

  private static VerifyReport report(
      long differences, List<VerifyReport.NotAnswering> notAnswering) {
    return new VerifyReport(0, 1, 0, List.of(), List.of(), differences, List.of(), notAnswering);
  }
}
