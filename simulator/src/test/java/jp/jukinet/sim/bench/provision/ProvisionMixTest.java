package jp.jukinet.sim.bench.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Jimu;
import org.junit.jupiter.api.Test;

class ProvisionMixTest {
  @Test
  void theLargestAgencyOfFy2020DominatesTheMixAsItDidThatYear() {
    ProvisionMix mix = ProvisionMix.of(a -> true, 4);
    assertEquals(4, mix.agencies().size());
    String largest = mix.agencies().get(0);
    assertTrue(
        Agencies.byId(largest).orElseThrow().name().contains("日本年金機構"),
        "largest agency: " + largest);
    Map<String, Integer> seen = new HashMap<>();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 100_000; i++) {
      Jimu j = mix.next(r);
      assertTrue(mix.agencies().contains(j.agencyId()));
      seen.merge(j.agencyId(), 1, Integer::sum);
    }
    double share = mix.shares().get(largest);
    assertEquals(share, seen.get(largest) / 100_000.0, 0.01);
  }

  @Test
  void onlyAllowedAgenciesAreDriven() {
    ProvisionMix mix = ProvisionMix.of(j -> j.agencyId().equals("A03"), 4);
    assertEquals(java.util.List.of("A03"), mix.agencies());
    assertEquals("A03", mix.nextOf("A03", new SplittableRandom(2)).agencyId());
    assertThrows(IllegalArgumentException.class, () -> ProvisionMix.of(a -> false, 4));
  }
}
