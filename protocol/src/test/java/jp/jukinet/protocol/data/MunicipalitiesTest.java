package jp.jukinet.protocol.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MunicipalitiesTest {

  @Test
  void everyCodeInTheRawTableValidatesAndCode5AddsTheSameCheckDigit() throws Exception {
    // Read the raw file here, independently of the loader.
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/jp/jukinet/data/municipalities.csv"),
                StandardCharsets.UTF_8))) {
      List<String> lines = r.lines().skip(1).toList();
      assertEquals(1_741, lines.size());
      for (String line : lines) {
        String[] f = line.split(",", -1);
        LocalGovernmentCode six = LocalGovernmentCode.parse(f[0]);
        assertEquals(six, LocalGovernmentCode.parse(f[1]), line);
        assertEquals(f[2], six.prefectureCode(), line);
      }
    }
  }

  @Test
  void all() {
    List<Municipality> all = Municipalities.all();
    assertEquals(1_741, all.size());
    assertEquals(1_741, new HashSet<>(all.stream().map(Municipality::code6).toList()).size());
    assertEquals(126_226_568L, all.stream().mapToLong(Municipality::population).sum());
    assertSame(all, Municipalities.all(), "loaded once");
    assertThrows(UnsupportedOperationException.class, () -> all.remove(0));

    Municipality sapporo = all.get(0);
    assertEquals(
        new Municipality(LocalGovernmentCode.parse("011002"), "01", "北海道", "札幌市", 1_975_065),
        sapporo);
  }

  @Test
  void futabaHasNoCensusFigureAndCountsAsZero() {
    Municipality futaba = Municipalities.byCode(LocalGovernmentCode.parse("075469")).orElseThrow();
    assertEquals("双葉町", futaba.name());
    assertEquals(0, futaba.population());
  }

  @Test
  void byCode() {
    Municipality kofu = Municipalities.byCode(LocalGovernmentCode.parse("19201")).orElseThrow();
    assertEquals("甲府市", kofu.name());
    assertEquals("山梨県", kofu.prefectureName());
    assertTrue(Municipalities.byCode(LocalGovernmentCode.parse("19999")).isEmpty());
    assertTrue(Municipalities.byCode(LocalGovernmentCode.prefecture("19")).isEmpty());
    assertEquals(27, Municipalities.inPrefecture("19").size());
    assertEquals(179, Municipalities.inPrefecture("01").size());
    assertEquals(List.of(), Municipalities.inPrefecture("99"));
  }

  @Test
  void prefectures() {
    List<Prefecture> prefectures = Municipalities.prefectures();
    assertEquals(47, prefectures.size());
    assertEquals(
        new Prefecture("01", "北海道", LocalGovernmentCode.parse("010006")), prefectures.get(0));
    assertEquals(
        new Prefecture("19", "山梨県", LocalGovernmentCode.parse("190004")), prefectures.get(18));
    assertEquals("沖縄県", prefectures.get(46).name());
    Set<String> codes = new HashSet<>();
    for (Prefecture p : prefectures) {
      assertTrue(p.code6().isPrefecture());
      codes.add(p.code2());
    }
    assertEquals(47, codes.size());
    assertEquals("東京都", Municipalities.prefecture("13").orElseThrow().name());
  }

  @Test
  void yamanashi2020UsesTheJukiPopulation() {
    List<Municipality> yamanashi = Municipalities.yamanashi2020();
    assertEquals(27, yamanashi.size());
    assertEquals(826_579L, yamanashi.stream().mapToLong(Municipality::population).sum());
    Municipality kofu = yamanashi.get(0);
    assertEquals("192015", kofu.code6().value());
    assertEquals("甲府市", kofu.name());
    assertEquals(187_880, kofu.population());
    assertTrue(
        yamanashi.stream()
            .allMatch(m -> m.prefectureCode().equals("19") && m.prefectureName().equals("山梨県")));
    assertEquals(
        "韮崎市",
        Municipalities.yamanashi2020().stream()
            .filter(m -> m.code6().code5().equals("19207"))
            .findFirst()
            .orElseThrow()
            .name());
    assertEquals(
        new HashSet<>(Municipalities.inPrefecture("19").stream().map(Municipality::code6).toList()),
        new HashSet<>(yamanashi.stream().map(Municipality::code6).toList()));
  }

  @Test
  void recordsValidate() {
    LocalGovernmentCode kofu = LocalGovernmentCode.parse("192015");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Municipality(kofu, "13", "山梨県", "甲府市", 1));
    assertTrue(e.getMessage().contains("first two digits"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new Municipality(kofu, "19", "山梨県", "甲府市", -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Municipality(LocalGovernmentCode.prefecture("19"), "19", "山梨県", "山梨県", 1));
    assertThrows(IllegalArgumentException.class, () -> new Prefecture("19", "山梨県", kofu));
  }
}
