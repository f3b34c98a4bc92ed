package jp.jukinet.protocol.id;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The index key for a 4情報 (氏名・生年月日・性別・住所) lookup: {@code "<normalised name>|YYYY-MM-DD"}.
 * Only name and birth date go into the key, because those two rarely change and narrow a search
 * to a handful of people; sex and address are compared on the candidates the index returns.
 */
public final class FourItemsKey {
  private FourItemsKey() {}

  /** {@code of("山田　太郎", 1980-04-01)} → {@code "山田太郎|1980-04-01"}. */
  public static String of(String name, LocalDate birthDate) {
    Objects.requireNonNull(birthDate, "birthDate");
    return Names.normalize(name) + "|" + birthDate;
  }

  /** As {@link #of(String, LocalDate)}, with the birth date as ISO text {@code YYYY-MM-DD}. */
  public static String of(String name, String birthDate) {
    Objects.requireNonNull(birthDate, "birthDate");
    LocalDate date;
    try {
      date = LocalDate.parse(birthDate);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid 生年月日 '" + birthDate + "': must be a date YYYY-MM-DD");
    }
    return of(name, date);
  }
}
