package jp.jukinet.sim.populate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jp.jukinet.protocol.proto.Sex;

/**
 * Surnames and given names with their readings, weighted by how common they are (surnames.tsv,
 * given-names.tsv; README.md beside them gives source and licence), and the variant-kanji surnames
 * that make 4情報 search hard (齋藤 / 斎藤 / 斉藤 …).
 */
public final class NameTable {
  /** A name in kanji and its reading in katakana. */
  public record Name(String kanji, String kana) {
    public Name {
      if (kanji.isBlank() || kana.isBlank()) {
        throw new IllegalArgumentException(
            "name '" + kanji + "' / '" + kana + "' has a blank part");
      }
    }
  }

  /**
   * Surnames written with different kanji of one reading: registered as written, so a search must
   * name the one registered (id/Names does not unify them). 髙 and 﨑 lie outside JIS X 0208.
   */
  public static final List<List<Name>> VARIANT_GROUPS =
      List.of(
          List.of(
              new Name("齋藤", "サイトウ"),
              new Name("斎藤", "サイトウ"),
              new Name("斉藤", "サイトウ"),
              new Name("齊藤", "サイトウ")),
          List.of(new Name("髙橋", "タカハシ"), new Name("高橋", "タカハシ")),
          List.of(new Name("渡邊", "ワタナベ"), new Name("渡邉", "ワタナベ"), new Name("渡辺", "ワタナベ")),
          List.of(new Name("山﨑", "ヤマザキ"), new Name("山崎", "ヤマザキ")),
          List.of(new Name("濱田", "ハマダ"), new Name("浜田", "ハマダ")));

  private final Weighted<Name> surnames;
  private final Weighted<Name> men;
  private final Weighted<Name> women;

  private NameTable(Weighted<Name> surnames, Weighted<Name> men, Weighted<Name> women) {
    this.surnames = surnames;
    this.men = men;
    this.women = women;
  }

  /** The bundled tables. */
  public static NameTable bundled() {
    List<Name> s = new ArrayList<>();
    List<Long> sw = new ArrayList<>();
    for (DataFile.Row r : DataFile.read("surnames.tsv", "\t", 3, 0)) {
      s.add(new Name(r.fields()[0], r.fields()[1]));
      sw.add(r.number(2));
    }
    List<Name> m = new ArrayList<>();
    List<Long> mw = new ArrayList<>();
    List<Name> f = new ArrayList<>();
    List<Long> fw = new ArrayList<>();
    for (DataFile.Row r : DataFile.read("given-names.tsv", "\t", 4, 0)) {
      boolean man =
          switch (r.fields()[2]) {
            case "M" -> true;
            case "F" -> false;
            default ->
                throw new IllegalStateException(
                    r.file() + " line " + r.line() + ": sex '" + r.fields()[2] + "' is not M or F");
          };
      (man ? m : f).add(new Name(r.fields()[0], r.fields()[1]));
      (man ? mw : fw).add(r.number(3));
    }
    return new NameTable(weighted(s, sw), weighted(m, mw), weighted(f, fw));
  }

  private static Weighted<Name> weighted(List<Name> names, List<Long> weights) {
    return new Weighted<>(names, weights.stream().mapToLong(Long::longValue).toArray());
  }

  public Name surname(SplittableRandom random) {
    return surnames.pick(random);
  }

  public Name given(Sex sex, SplittableRandom random) {
    return (sex == Sex.SEX_FEMALE ? women : men).pick(random);
  }

  public int surnameCount() {
    return surnames.size();
  }

  public int givenCount(Sex sex) {
    return (sex == Sex.SEX_FEMALE ? women : men).size();
  }
}
