package jp.jukinet.sim.populate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Municipality;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Sex;
import org.junit.jupiter.api.Test;

class PopulationPlanTest {
  private static final LocalDate AS_OF = LocalDate.of(2020, 10, 1);
  private static final NameTable NAMES = NameTable.bundled();
  private static final AgePyramid PYRAMID = AgePyramid.census2020();

  private static List<PopulationPlan.Place> yamanashi() {
    return Municipalities.yamanashi2020().stream()
        .map(m -> new PopulationPlan.Place(m.code6(), "山梨県" + m.name(), m.population()))
        .toList();
  }

  private static PopulationPlan plan(double scale, long seed) {
    return new PopulationPlan(yamanashi(), scale, seed, AS_OF, NAMES, PYRAMID);
  }

  @Test
  void theSameSeedGivesTheSameResidents() {
    assertEquals(plan(0.01, 42).all(), plan(0.01, 42).all());
    assertNotEquals(
        plan(0.01, 42).all().stream().map(r -> r.fourItems()).toList(),
        plan(0.01, 43).all().stream().map(r -> r.fourItems()).toList());
  }

  @Test
  void eachMunicipalityGetsItsShareOfYamanashisPopulation() {
    assertEquals(
        826_579, Municipalities.yamanashi2020().stream().mapToLong(Municipality::population).sum());
    PopulationPlan p = plan(1.0, 1);
    assertEquals(826_579, p.total());
    PopulationPlan small = plan(0.001, 1);
    for (int m = 0; m < small.places().size(); m++) {
      long expected = Math.max(1, Math.round(small.places().get(m).population() * 0.001));
      assertEquals(expected, small.count(m));
      LocalGovernmentCode code = small.places().get(m).code();
      for (long i = small.first(m); i < small.first(m) + small.count(m); i++) {
        Resident r = small.resident(i);
        assertEquals(code, r.municipality());
        assertTrue(
            r.fourItems().getAddress().startsWith(small.places().get(m).addressPrefix()),
            r.fourItems().getAddress());
        assertTrue(r.fourItems().getAddress().matches(".+[0-9]+丁目[0-9]+番[0-9]+号"));
      }
    }
  }

  @Test
  void namesCarryReadingsAndBirthDatesFollowTheAgePyramid() {
    List<Resident> all = plan(0.05, 7).all(); // 41,329 residents
    int children = 0;
    int over65 = 0;
    int men = 0;
    for (Resident r : all) {
      String[] name = r.fourItems().getName().split(" ");
      String[] kana = r.nameKana().split(" ");
      assertEquals(2, name.length, r.fourItems().getName());
      assertEquals(2, kana.length, r.nameKana());
      assertTrue(r.nameKana().matches("[ァ-ヶー]+ [ァ-ヶー]+"), r.nameKana());
      LocalDate born = LocalDate.parse(r.fourItems().getBirthDate());
      assertTrue(!born.isAfter(AS_OF) && born.isAfter(AS_OF.minusYears(105)), born.toString());
      int age = born.until(AS_OF).getYears();
      children += age < 15 ? 1 : 0;
      over65 += age >= 65 ? 1 : 0;
      men += r.fourItems().getSex() == Sex.SEX_MALE ? 1 : 0;
    }
    // 2020 census: under 15 about 12%, 65 and over about 29%, men about 48.6%.
    assertShare(0.119, children, all.size());
    assertShare(0.286, over65, all.size());
    assertShare(0.486, men, all.size());
  }

  private static void assertShare(double expected, int count, int total) {
    double share = (double) count / total;
    assertTrue(Math.abs(share - expected) < 0.015, "share " + share + " expected ~" + expected);
  }

  @Test
  void hardCasesForFourItemSearchAreMade() {
    List<Resident> all = plan(0.05, 7).all();
    Map<Resident.Kind, Long> kinds =
        all.stream().collect(Collectors.groupingBy(Resident::kind, Collectors.counting()));
    assertTrue(kinds.getOrDefault(Resident.Kind.VARIANT_KANJI, 0L) > 300, kinds.toString());
    assertTrue(
        kinds.getOrDefault(Resident.Kind.SAME_NAME_AND_BIRTH_ELSEWHERE, 0L) > 20, kinds.toString());
    Set<String> surnames =
        all.stream()
            .filter(r -> r.kind() == Resident.Kind.VARIANT_KANJI)
            .map(r -> r.fourItems().getName().split(" ")[0])
            .collect(Collectors.toSet());
    assertTrue(
        surnames.containsAll(Set.of("齋藤", "斎藤", "斉藤", "髙橋", "高橋", "渡邊", "渡辺")),
        surnames.toString());
    // Each double's name and birth date is held by a resident of another municipality.
    Map<String, Set<LocalGovernmentCode>> where = new HashMap<>();
    for (Resident r : all) {
      where
          .computeIfAbsent(
              r.fourItems().getName() + "/" + r.fourItems().getBirthDate(),
              k -> new java.util.HashSet<>())
          .add(r.municipality());
    }
    for (Resident r : all) {
      if (r.kind() == Resident.Kind.SAME_NAME_AND_BIRTH_ELSEWHERE) {
        assertTrue(
            where.get(r.fourItems().getName() + "/" + r.fourItems().getBirthDate()).size() > 1,
            r.toString());
      }
    }
  }

  @Test
  void aScaleOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> plan(0, 1));
    assertThrows(IllegalArgumentException.class, () -> plan(1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> plan(Double.NaN, 1));
  }

  @Test
  void theProgressBarShowsCountRateAndTimeLeft() {
    assertEquals(
        "[###############···············] 500 / 1,000  50.0% 100/s 5s left",
        ProgressBar.line(500, 1000, 5.0));
    assertEquals("3m05s", ProgressBar.duration(185));
    assertEquals("1h02m", ProgressBar.duration(3720));
  }
}
