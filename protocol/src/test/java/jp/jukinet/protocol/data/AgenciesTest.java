package jp.jukinet.protocol.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AgenciesTest {

  @Test
  void agenciesAreNumberedByFirstAppearance() {
    List<Agency> agencies = Agencies.all();
    assertEquals(32, agencies.size());
    for (int i = 0; i < agencies.size(); i++) {
      assertEquals(String.format("A%02d", i + 1), agencies.get(i).id());
    }
    assertEquals("被災者生活再建支援法（平成十年法律第六十六号）第六条第一項に規定する支援法人", agencies.get(0).name());
    assertEquals("預金保険機構", agencies.get(1).name());
    assertEquals("総務省", agencies.get(2).name());
    assertEquals(32, new HashSet<>(agencies.stream().map(Agency::name).toList()).size());
    assertTrue(
        agencies.stream().anyMatch(a -> a.name().equals("独立行政法人 勤労者退職金共済機構")),
        "the seed's spacing is kept");
  }

  @Test
  void jimu() {
    List<Jimu> jimu = Agencies.jimu();
    assertEquals(68, jimu.size());
    assertEquals("J01", jimu.get(0).id());
    assertEquals("J68", jimu.get(67).id());
    assertEquals(1_503_496_744L, jimu.stream().mapToLong(Jimu::fy2020Count).sum());
    assertEquals(15, jimu.stream().filter(j -> j.fy2020Count() == 0).count());
    assertEquals(
        new Jimu("J03", "A03", "恩給法（他の法律において準用する場合を含む。）による年金である給付の支給に関する事務", 877_072), jimu.get(2));
    Set<String> agencyIds = new HashSet<>(Agencies.all().stream().map(Agency::id).toList());
    assertTrue(jimu.stream().allMatch(j -> agencyIds.contains(j.agencyId())));
    // 総務省 appears in two blocks of the seed but is one agency.
    assertTrue(Agencies.jimuOf("A03").size() >= 2);
    assertEquals("総務省", Agencies.byId("A03").orElseThrow().name());
    assertTrue(Agencies.byId("A33").isEmpty());
  }

  @Test
  void recordsValidate() {
    assertThrows(IllegalArgumentException.class, () -> new Agency("X1", "総務省"));
    assertThrows(IllegalArgumentException.class, () -> new Agency("A01", " "));
    assertThrows(IllegalArgumentException.class, () -> new Jimu("J1", "A01", "事務", 1));
    assertThrows(IllegalArgumentException.class, () -> new Jimu("J01", "A01", "事務", -1));
  }
}
