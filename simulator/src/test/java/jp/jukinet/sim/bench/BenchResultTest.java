package jp.jukinet.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchResultTest {
  @Test
  void readsTheLastResultLineInTheAnchorsFormat() {
    String out =
        "CONFIG id=x\nINFO warmup 1,2\n"
            + "RESULT name=first ops_per_s=10\n"
            + "RESULT name=netty-echo-openssl-proto conns=8 window=64 ops_per_s=531144 ops_per_cpu_s=270000 tls=TLSv1.3/X\n"
            + "trailing noise\n";
    BenchResult r = BenchResult.lastIn(out).orElseThrow();
    assertEquals("netty-echo-openssl-proto", r.name());
    assertEquals(531144.0, r.opsPerSecond());
    assertEquals(270000.0, r.opsPerCpuSecond().orElseThrow());
    assertEquals("TLSv1.3/X", r.get("tls"));
  }

  @Test
  void noResultLineIsEmptyAndALineWithoutOpsIsSkipped() {
    assertTrue(BenchResult.lastIn("INFO nothing\nRESULT name=x count=3\n").isEmpty());
  }
}
