package jp.jukinet.pref.use;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bundled registries agree with the seeds' totals; codes and offices resolve. */
@Timeout(10)
class PrefJimuRegistryTest {
  @Test
  void yamanashiMatchesItsFy2020Table() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("19");
    assertEquals("pref-jimu-19.csv", r.source());
    assertEquals(32, r.all().size());
    // 別紙2: 合計 233 users, 21,158 件
    assertEquals(233, r.all().stream().mapToInt(PrefJimu::users).sum());
    assertEquals(21_158, r.all().stream().mapToLong(PrefJimu::referenceCount).sum());
    PrefJimu tax = r.byCode("H5-02").orElseThrow();
    assertEquals(12_879, tax.referenceCount());
    assertEquals(List.of("税務課", "総合県税事務所"), tax.offices().stream().map(PrefOffice::name).toList());
  }

  @Test
  void kanagawaMatchesItsFy2021Tables() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("14");
    // 別添1: 1,156,943 (別表第5・第6); 別添2: 94,416 (条例); 別添3: 本人同意 12
    assertEquals(1_156_943, count(r, PrefBasis.BETSUHYO5) + count(r, PrefBasis.BETSUHYO6));
    assertEquals(
        94_416,
        count(r, PrefBasis.JOREI) + count(r, PrefBasis.JOREI_ORGAN) + count(r, PrefBasis.ART30_13));
    // 別添3 provision: 30条の13 4,845; 別表第6 92,835; 条例 to organs 10,609
    assertEquals(4_845, count(r, PrefBasis.ART30_13));
    assertEquals(92_835, count(r, PrefBasis.BETSUHYO6));
    assertEquals(10_609, count(r, PrefBasis.JOREI_ORGAN));
    assertEquals(12, count(r, PrefBasis.CONSENT));
    assertEquals("藤沢市", r.byCode("M-01").orElseThrow().recipient());
  }

  @Test
  void otherPrefecturesGetTheGenericSet() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("13");
    assertEquals("pref-jimu-generic.csv", r.source());
    assertTrue(r.byCode("H5-02").isPresent());
    assertTrue(r.all().stream().anyMatch(j -> j.basis() == PrefBasis.BETSUHYO6));
  }

  @Test
  void terminalsServeTheirOffices() {
    PrefJimuRegistry r = PrefJimuRegistry.forPrefecture("19");
    PrefJimu tax = r.byCode("H5-02").orElseThrow();
    PrefJimu passport = r.byCode("H5-05").orElseThrow();
    assertTrue(r.allowed("01", tax));
    assertFalse(r.allowed("01", passport));
    assertTrue(r.allowed("02", passport));
    assertFalse(r.allowed("99", tax));
    assertEquals(List.of("02", "08", "09", "10"), r.terminalsFor(passport));
  }

  private static long count(PrefJimuRegistry r, PrefBasis basis) {
    return r.all().stream()
        .filter(j -> j.basis() == basis)
        .mapToLong(PrefJimu::referenceCount)
        .sum();
  }
}
