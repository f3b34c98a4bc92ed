package jp.jukinet.sim.bench.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RatePlanTest {
  private static final Duration TEN_S = Duration.ofSeconds(10);

  @Test
  void aConstantRateSpacesRequestsEvenly() {
    RatePlan.Segment s = RatePlan.parse("2000").segments().get(0);
    assertEquals(20_000, s.count(TEN_S));
    assertEquals(0, s.dueNanos(0, TEN_S));
    assertEquals(500_000, s.dueNanos(1, TEN_S));
    assertEquals(5_000_000_000L, s.dueNanos(10_000, TEN_S));
  }

  @Test
  void aRampSendsHalfItsRequestsAfterTheMidpointOfItsRate() {
    RatePlan.Segment s = RatePlan.parse("1000-3000").segments().get(0);
    assertEquals(20_000, s.count(TEN_S));
    // n(t) = 1000 t + 100 t^2: 20,000 at t = 10 s, 5,600 at t = 4 s.
    assertEquals(4.0, s.dueNanos(5_600, TEN_S) / 1e9, 1e-6);
    assertEquals(10.0, s.dueNanos(20_000, TEN_S) / 1e9, 1e-6);
    long a = s.dueNanos(100, TEN_S) - s.dueNanos(99, TEN_S);
    long b = s.dueNanos(19_000, TEN_S) - s.dueNanos(18_999, TEN_S);
    assertTrue(a > 2 * b, "requests come closer together as the rate rises: " + a + " vs " + b);
  }

  @Test
  void stepsAreOneWindowEach() {
    RatePlan p = RatePlan.parse("1000, 2000,4000");
    assertEquals(3, p.segments().size());
    assertEquals(4000, p.segments().get(2).from());
    assertEquals(3, RatePlan.fractionsOf(10_000, 0.5, 0.75, 0.9).segments().size());
  }

  @Test
  void nonsenseIsRefusedNamingTheOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RatePlan.parse("fast"));
    assertTrue(e.getMessage().contains("--rate 'fast'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RatePlan.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> RatePlan.parse("-5"));
  }
}
