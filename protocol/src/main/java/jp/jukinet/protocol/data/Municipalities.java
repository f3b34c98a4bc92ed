package jp.jukinet.protocol.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jukinet.protocol.id.LocalGovernmentCode;

/**
 * The bundled municipality tables (docs/design.md §11): all 1,741 市区町村 with their census 2020
 * population, the 47 prefectures, and Yamanashi's 27 municipalities with their 住基人口. Read once from
 * the classpath on first use and kept as immutable lists.
 */
public final class Municipalities {
  static final String MUNICIPALITIES_CSV = "municipalities.csv";
  static final String YAMANASHI_CSV = "yamanashi-2020.csv";

  /** 山梨県's JIS X 0401 code. */
  public static final String YAMANASHI = "19";

  private Municipalities() {}

  /** Every municipality in the table's order (by prefecture, then code). */
  public static List<Municipality> all() {
    return Holder.ALL;
  }

  public static Optional<Municipality> byCode(LocalGovernmentCode code) {
    return Optional.ofNullable(Holder.BY_CODE.get(code));
  }

  /**
   * The municipalities of one prefecture ({@code "19"}), in table order; empty for an unknown code.
   */
  public static List<Municipality> inPrefecture(String code2) {
    return Holder.BY_PREFECTURE.getOrDefault(code2, List.of());
  }

  /** The 47 prefectures, 01 北海道 to 47 沖縄県. */
  public static List<Prefecture> prefectures() {
    return Holder.PREFECTURES;
  }

  public static Optional<Prefecture> prefecture(String code2) {
    return Holder.PREFECTURES.stream().filter(p -> p.code2().equals(code2)).findFirst();
  }

  /**
   * Yamanashi's 27 municipalities in the seed's order, with population = 住基人口 on 2020-01-01 (sums
   * to 826,579) instead of the census figure.
   */
  public static List<Municipality> yamanashi2020() {
    return YamanashiHolder.YAMANASHI;
  }

  /** Lazy, immutable: initialised by the class loader on first use. */
  private static final class Holder {
    static final List<Municipality> ALL = loadAll();
    static final Map<LocalGovernmentCode, Municipality> BY_CODE = index(ALL);
    static final Map<String, List<Municipality>> BY_PREFECTURE = byPrefecture(ALL);
    static final List<Prefecture> PREFECTURES = prefectures(ALL);
  }

  private static final class YamanashiHolder {
    static final List<Municipality> YAMANASHI = loadYamanashi();
  }

  private static List<Municipality> loadAll() {
    List<Municipality> out = new ArrayList<>();
    for (CsvResource.Row row :
        CsvResource.read(
            MUNICIPALITIES_CSV,
            "code6,code5,prefecture_code,prefecture_name,municipality_name,population")) {
      try {
        LocalGovernmentCode code = LocalGovernmentCode.parse(row.field(0));
        if (!code.code5().equals(row.field(1))) {
          throw row.error(
              "code5 " + row.field(1) + " is not code6 " + code + " without its check digit");
        }
        // 双葉町 has no census figure (docs/design.md §11): 0, documented on Municipality.
        long population = row.field(5).isEmpty() ? 0 : Long.parseLong(row.field(5));
        out.add(new Municipality(code, row.field(2), row.field(3), row.field(4), population));
      } catch (IllegalArgumentException e) {
        throw row.error(e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static List<Municipality> loadYamanashi() {
    List<Municipality> out = new ArrayList<>();
    for (CsvResource.Row row : CsvResource.read(YAMANASHI_CSV, "code5,name,population")) {
      LocalGovernmentCode code;
      long population;
      try {
        code = LocalGovernmentCode.parse(row.field(0));
        population = Long.parseLong(row.field(2));
      } catch (IllegalArgumentException e) {
        throw row.error(e.getMessage());
      }
      Municipality census =
          byCode(code).orElseThrow(() -> row.error(code + " is not in " + MUNICIPALITIES_CSV));
      if (!census.name().equals(row.field(1)) || !census.prefectureCode().equals(YAMANASHI)) {
        throw row.error(code + " " + row.field(1) + " does not match " + census);
      }
      out.add(census.withPopulation(population));
    }
    return List.copyOf(out);
  }

  private static Map<LocalGovernmentCode, Municipality> index(List<Municipality> all) {
    Map<LocalGovernmentCode, Municipality> map = new LinkedHashMap<>();
    for (Municipality m : all) {
      if (map.put(m.code6(), m) != null) {
        throw new IllegalStateException(MUNICIPALITIES_CSV + ": duplicate code " + m.code6());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static Map<String, List<Municipality>> byPrefecture(List<Municipality> all) {
    Map<String, List<Municipality>> map = new LinkedHashMap<>();
    for (Municipality m : all) {
      map.computeIfAbsent(m.prefectureCode(), k -> new ArrayList<>()).add(m);
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  private static List<Prefecture> prefectures(List<Municipality> all) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Municipality m : all) {
      String previous = names.putIfAbsent(m.prefectureCode(), m.prefectureName());
      if (previous != null && !previous.equals(m.prefectureName())) {
        throw new IllegalStateException(
            MUNICIPALITIES_CSV
                + ": prefecture "
                + m.prefectureCode()
                + " is named both "
                + previous
                + " and "
                + m.prefectureName());
      }
    }
    return names.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Prefecture.of(e.getKey(), e.getValue()))
        .toList();
  }
}
