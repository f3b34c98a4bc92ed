package jp.jukinet.sim.populate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jp.jukinet.protocol.proto.Sex;

/**
 * Japan's population by sex and 5-year age band (age-pyramid-2020.csv, after the 2020 census; the
 * README beside it gives the source): draws a sex, then a birth date whose age on a given day
 * follows the band's share, uniform within the band.
 */
public final class AgePyramid {
  /** The last band (100+) is taken as 100–104. */
  static final int BAND_YEARS = 5;

  private final Weighted<Integer> men;
  private final Weighted<Integer> women;
  private final long menTotal;
  private final long womenTotal;

  private AgePyramid(List<Integer> from, long[] men, long[] women) {
    this.men = new Weighted<>(from, men);
    this.women = new Weighted<>(from, women);
    this.menTotal = java.util.Arrays.stream(men).sum();
    this.womenTotal = java.util.Arrays.stream(women).sum();
  }

  public static AgePyramid census2020() {
    List<DataFile.Row> rows = DataFile.read("age-pyramid-2020.csv", ",", 3, 1);
    List<Integer> from = new ArrayList<>();
    long[] m = new long[rows.size()];
    long[] f = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      from.add((int) rows.get(i).number(0));
      m[i] = rows.get(i).number(1);
      f[i] = rows.get(i).number(2);
    }
    return new AgePyramid(from, m, f);
  }

  /** 男 or 女, in the table's proportion. */
  public Sex sex(SplittableRandom random) {
    return random.nextLong(menTotal + womenTotal) < menTotal ? Sex.SEX_MALE : Sex.SEX_FEMALE;
  }

  /** A birth date of someone of {@code sex} whose age on {@code asOf} follows the pyramid. */
  public LocalDate birthDate(Sex sex, LocalDate asOf, SplittableRandom random) {
    int ageFrom = (sex == Sex.SEX_FEMALE ? women : men).pick(random);
    LocalDate latest = asOf.minusYears(ageFrom); // turned ageFrom today
    LocalDate earliest = asOf.minusYears(ageFrom + BAND_YEARS).plusDays(1);
    long days = ChronoUnit.DAYS.between(earliest, latest) + 1;
    return earliest.plusDays(random.nextLong(days));
  }

  /** The men's share, for reports. */
  public double menShare() {
    return (double) menTotal / (menTotal + womenTotal);
  }
}
