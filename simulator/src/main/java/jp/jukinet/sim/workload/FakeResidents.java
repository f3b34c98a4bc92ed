package jp.jukinet.sim.workload;

import java.util.Random;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.Sex;

/**
 * Made-up residents for the demo, the benchmarks and tests: common family and given names, and
 * addresses in made-up towns of a municipality. Random ones come from the caller's seeded {@link
 * Random}, so a seed gives the same people; numbered ones need no randomness at all.
 */
public final class FakeResidents {
  private static final String[] FAMILY = {
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上",
    "木村", "林", "斎藤", "清水"
  };
  private static final String[] GIVEN_F = {"花子", "陽菜", "結衣", "葵", "さくら", "美咲", "凛", "芽依"};
  private static final String[] GIVEN_M = {"太郎", "蓮", "湊", "大翔", "悠真", "陽翔", "樹", "翔"};
  private static final String[] TOWNS = {"本町", "中央", "栄町", "緑町", "旭町", "幸町", "新町", "東町"};

  private FakeResidents() {}

  public static Sex sex(Random random) {
    return random.nextBoolean() ? Sex.SEX_FEMALE : Sex.SEX_MALE;
  }

  /** 氏名: "family given", the given name fitting {@code sex}. */
  public static String name(Sex sex, Random random) {
    String family = FAMILY[random.nextInt(FAMILY.length)];
    return family + " " + givenName(sex, random);
  }

  public static String givenName(Sex sex, Random random) {
    String[] names = sex == Sex.SEX_FEMALE ? GIVEN_F : GIVEN_M;
    return names[random.nextInt(names.length)];
  }

  /** 住所 in {@code municipality} (its name): a town and a 丁目-番-号. */
  public static String address(String municipality, Random random) {
    return municipality
        + TOWNS[random.nextInt(TOWNS.length)]
        + (1 + random.nextInt(5))
        + "-"
        + (1 + random.nextInt(30))
        + "-"
        + (1 + random.nextInt(20));
  }

  /**
   * The {@code n}-th of a series of distinct residents of {@code municipality}, born on {@code
   * birthDate}.
   */
  public static FourItems numbered(long n, String municipality, String birthDate) {
    if (n < 0) {
      throw new IllegalArgumentException("resident number " + n + " must not be negative");
    }
    Sex sex = n % 2 == 0 ? Sex.SEX_FEMALE : Sex.SEX_MALE;
    String[] given = sex == Sex.SEX_FEMALE ? GIVEN_F : GIVEN_M;
    return FourItems.newBuilder()
        .setName(FAMILY[(int) (n % FAMILY.length)] + " " + given[(int) (n / 2 % given.length)] + n)
        .setBirthDate(birthDate)
        .setSex(sex)
        .setAddress(municipality + TOWNS[(int) (n % TOWNS.length)] + n)
        .build();
  }
}
