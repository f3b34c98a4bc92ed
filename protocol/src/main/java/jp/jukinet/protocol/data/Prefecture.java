package jp.jukinet.protocol.data;

import java.util.Objects;
import jp.jukinet.protocol.id.LocalGovernmentCode;

/**
 * A 都道府県 (one prefecture server in the simulator).
 *
 * @param code2 JIS X 0401, {@code "01"}–{@code "47"}
 * @param name e.g. 山梨県
 * @param code6 the prefecture's own 全国地方公共団体コード, e.g. 190004
 */
public record Prefecture(String code2, String name, LocalGovernmentCode code6) {
  public Prefecture {
    Objects.requireNonNull(code2, "code2");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(code6, "code6");
    if (!code6.isPrefecture() || !code6.prefectureCode().equals(code2)) {
      throw new IllegalArgumentException(
          "prefecture "
              + name
              + ": code "
              + code6
              + " must be the own code of prefecture "
              + code2);
    }
  }

  public static Prefecture of(String code2, String name) {
    return new Prefecture(code2, name, LocalGovernmentCode.prefecture(code2));
  }
}
