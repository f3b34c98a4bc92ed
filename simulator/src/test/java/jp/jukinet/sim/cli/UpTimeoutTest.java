package jp.jukinet.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import jp.jukinet.sim.topology.Topologies;
import org.junit.jupiter.api.Test;

class UpTimeoutTest {
  @Test
  void smallTopologiesWaitTwoMinutes() {
    assertEquals(
        Duration.ofSeconds(120),
        UpCommand.defaultTimeout(Topologies.resolve("yamanashi").nodes().size()));
  }

  @Test
  void japanWaitsLongerThanItsStartUpOnABusyMachine() {
    // 1,789 nodes × 150 ms: it came up in 115 s idle and ~150 s beside a build.
    assertEquals(
        Duration.ofMillis(1_789 * 150L),
        UpCommand.defaultTimeout(Topologies.resolve("japan").nodes().size()));
  }
}
