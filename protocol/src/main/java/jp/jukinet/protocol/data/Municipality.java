package jp.jukinet.protocol.data;

import java.util.Objects;
import jp.jukinet.protocol.id.LocalGovernmentCode;

/**
 * A 市区町村 (one CS in the simulator). Designated cities are one municipality; Tokyo's 23 special
 * wards are 23 (docs/design.md §12).
 *
 * @param code6 its 全国地方公共団体コード
 * @param prefectureCode the two JIS X 0401 digits, e.g. {@code "19"}
 * @param prefectureName e.g. 山梨県
 * @param name e.g. 甲府市, without a county (郡) prefix
 * @param population census 2020 (preliminary) from {@link Municipalities#all()}, or the 住基人口 of
 *     2020-01-01 from {@link Municipalities#yamanashi2020()}. 双葉町 (075469) has no census figure
 *     (the town was under an evacuation order and the census counted nobody): it is 0 here.
 */
public record Municipality(
    LocalGovernmentCode code6,
    String prefectureCode,
    String prefectureName,
    String name,
    long population) {
  public Municipality {
    Objects.requireNonNull(code6, "code6");
    Objects.requireNonNull(prefectureName, "prefectureName");
    Objects.requireNonNull(name, "name");
    if (!code6.prefectureCode().equals(prefectureCode)) {
      throw new IllegalArgumentException(
          "municipality "
              + code6
              + " "
              + name
              + ": prefecture code '"
              + prefectureCode
              + "' must be the code's first two digits");
    }
    if (code6.isPrefecture()) {
      throw new IllegalArgumentException(
          "municipality "
              + name
              + ": "
              + code6
              + " is a prefecture's own code (municipality part 000)");
    }
    if (population < 0) {
      throw new IllegalArgumentException(
          "municipality " + code6 + " " + name + ": population " + population + " < 0");
    }
  }

  /** The same municipality with another population figure. */
  public Municipality withPopulation(long newPopulation) {
    return new Municipality(code6, prefectureCode, prefectureName, name, newPopulation);
  }
}
