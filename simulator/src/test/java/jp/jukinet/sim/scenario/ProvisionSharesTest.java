package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.Test;

/**
 * The FY2020 method split sums to the FY2020 table, uses only the methods each 事務 is registered
 * for, and draws cells by their counts.
 */
class ProvisionSharesTest {
  @Test
  void theSplitSumsToTheFy2020TableWithRegisteredMethodsOnly() {
    ProvisionShares all = ProvisionShares.fy2020();
    assertEquals(1_503_496_744L, all.total());
    AgencyRegistry registry = AgencyRegistry.load();
    for (ProvisionShares.Cell c : all.cells()) {
      AgencyRegistry.Registration r =
          registry.agency(c.agency()).orElseThrow().registration(c.jimu()).orElseThrow();
      assertTrue(r.methods().contains(c.method()), c + " is not registered for its method");
    }
    // 日本年金機構's split is the 2013 notice's: almost all line batches
    double line =
        all.only(List.of("A20"), List.of()).share(ProvisionMethod.PROVISION_METHOD_BATCH_LINE);
    assertEquals(0.9885, line, 0.001);
  }

  @Test
  void drawsEachCellByItsCount() {
    ProvisionShares a20 = ProvisionShares.fy2020().only(List.of("A20"), List.of());
    Random random = new Random(1);
    Map<ProvisionShares.Cell, Integer> n = new HashMap<>();
    int draws = 200_000;
    for (int i = 0; i < draws; i++) {
      n.merge(a20.draw(random), 1, Integer::sum);
    }
    for (ProvisionShares.Cell c : a20.cells()) {
      double expected = c.count() / (double) a20.total();
      assertEquals(expected, n.getOrDefault(c, 0) / (double) draws, 0.005, c.toString());
    }
  }

  @Test
  void aChoiceWithNoProvisionsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProvisionShares.fy2020()
                    .only(List.of("A29"), List.of(ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA)));
    assertTrue(e.getMessage().contains("A29"), e.getMessage());
  }
}
