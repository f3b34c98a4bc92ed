package jp.jukinet.sim.populate;

import java.util.Objects;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.FourItems;

/**
 * One generated resident: where they live, their 4情報, the reading of their 氏名, and whether they are
 * one of the hard cases for 4情報 search.
 */
public record Resident(
    long index, LocalGovernmentCode municipality, FourItems fourItems, String nameKana, Kind kind) {
  /** What makes a resident a hard case. */
  public enum Kind {
    ORDINARY,
    /** A surname written with one of several kanji of one reading (齋藤 / 斎藤 / 斉藤 …). */
    VARIANT_KANJI,
    /** The same 氏名, 性別 and 生年月日 as a resident of another municipality. */
    SAME_NAME_AND_BIRTH_ELSEWHERE
  }

  public Resident {
    Objects.requireNonNull(municipality, "municipality");
    Objects.requireNonNull(fourItems, "fourItems");
    Objects.requireNonNull(nameKana, "nameKana");
    Objects.requireNonNull(kind, "kind");
  }
}
