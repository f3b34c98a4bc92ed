package jp.jukinet.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeCpuTest {
  @Test
  void readsUtimePlusStimeAfterACommandWithSpacesAndParentheses() {
    String line =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 40 0 12345 0 0";
    assertEquals(1234 + 56, NodeCpu.parseTicks(line));
  }

  @Test
  void refusesALineThatIsNotAStatLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeCpu.parseTicks("hello"));
    assertTrue(e.getMessage().contains("no ')'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NodeCpu.parseTicks("1 (java) S 1 2"));
    assertTrue(e.getMessage().contains("fields"), e.getMessage());
  }

  @Test
  void dividesEachKindsCpuByTheChangesAndAddsTheTotal() {
    Map<String, Double> per =
        NodeCpu.perChange(
            Map.of("CS", 1_000L, "national", 0L),
            Map.of("CS", 401_000L, "national", 100_000L),
            1_000);
    assertEquals(400.0, per.get("CS"));
    assertEquals(100.0, per.get("national"));
    assertEquals(500.0, per.get("all"));
    assertTrue(NodeCpu.perChange(Map.of(), Map.of("CS", 5L), 0).isEmpty());
  }

  @Test
  void readsThisJvmsOwnCpu() {
    long pid = ProcessHandle.current().pid();
    Map<String, Long> m =
        new NodeCpu(java.util.List.of(new NodeCpu.Proc(pid, "host"))).sampleMicros();
    assertTrue(m.get("host") > 0, "this JVM used some CPU: " + m);
  }

  @Test
  void printsTheFigurePerKindOnlyWhenThereIsMoreThanOneKind() {
    assertEquals(
        "node cpu per change: 500 µs", ChangesBench.cpuLine(Map.of("host", 500.0, "all", 500.0)));
    assertEquals(
        "node cpu per change: 500 µs (CS 400 µs, national 100 µs)",
        ChangesBench.cpuLine(
            new java.util.LinkedHashMap<>(Map.of("CS", 400.0, "national", 100.0, "all", 500.0))));
  }
}
