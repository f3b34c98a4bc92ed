package jp.jukinet.sim.populate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Municipality;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.sim.demo.Sites;
import jp.jukinet.sim.populate.NameTable.Name;

/**
 * Who lives where: each municipality's share of residents ({@code population × scale}, at least
 * one), and resident number {@code i} of the whole network as a pure function of (seed, i), so the
 * same seed gives the same residents whatever order they are sent in.
 *
 * <p>Hard cases for 4情報 search: one resident in {@link #VARIANT_EVERY} gets a surname of {@link
 * NameTable#VARIANT_GROUPS} (齋藤 / 斎藤 / 斉藤 …), and one in {@link #DOUBLE_EVERY} (when there are
 * several municipalities) takes the 氏名, 性別 and 生年月日 of a resident of another municipality.
 */
public final class PopulationPlan {
  static final int VARIANT_EVERY = 100;
  static final int DOUBLE_EVERY = 1000;
  private static final int MAX_TOWNS = 40;
  private static final int PEOPLE_PER_TOWN = 5000;

  /** A municipality to populate: its code, its address prefix (都道府県 + 市区町村) and population. */
  public record Place(LocalGovernmentCode code, String addressPrefix, long population) {
    public Place {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(addressPrefix, "addressPrefix");
      if (population < 0) {
        throw new IllegalArgumentException(code + ": population " + population + " < 0");
      }
    }
  }

  private final List<Place> places;
  private final long[] offsets; // offsets[m] = number of residents before municipality m
  private final long seed;
  private final LocalDate asOf;
  private final NameTable names;
  private final AgePyramid pyramid;
  private final List<String> towns;

  public PopulationPlan(
      List<Place> places,
      double scale,
      long seed,
      LocalDate asOf,
      NameTable names,
      AgePyramid pyramid) {
    if (places.isEmpty()) {
      throw new IllegalArgumentException("no municipality to populate");
    }
    if (!(scale > 0) || scale > 1) {
      throw new IllegalArgumentException("scale " + scale + " must be > 0 and <= 1");
    }
    this.places = List.copyOf(places);
    this.seed = seed;
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    this.names = Objects.requireNonNull(names, "names");
    this.pyramid = Objects.requireNonNull(pyramid, "pyramid");
    this.towns = DataFile.read("towns.txt", "\t", 1, 0).stream().map(r -> r.fields()[0]).toList();
    offsets = new long[this.places.size() + 1];
    for (int m = 0; m < this.places.size(); m++) {
      long n = Math.max(1, Math.round(this.places.get(m).population() * scale));
      offsets[m + 1] = offsets[m] + n;
    }
  }

  /**
   * The residents of every CS of {@code sites} at {@code scale}, with the bundled names and the
   * 2020 census's age pyramid (what {@code jukinet populate} registers).
   */
  public static PopulationPlan of(Sites sites, double scale, long seed, LocalDate asOf) {
    return new PopulationPlan(
        places(sites), scale, seed, asOf, NameTable.bundled(), AgePyramid.census2020());
  }

  /** Each CS with its address prefix (都道府県 + 市区町村) and population. */
  public static List<Place> places(Sites sites) {
    List<Place> out = new ArrayList<>();
    for (Sites.Site s : sites.all()) {
      String prefecture =
          Municipalities.byCode(s.code())
              .map(Municipality::prefectureName)
              .or(() -> Municipalities.prefecture(s.code().prefectureCode()).map(Prefecture::name))
              .orElse("");
      out.add(new Place(s.code(), prefecture + s.name(), s.population()));
    }
    return out;
  }

  public long total() {
    return offsets[offsets.length - 1];
  }

  public List<Place> places() {
    return places;
  }

  /** The residents of municipality {@code m} are numbered {@code first(m) … first(m+1)-1}. */
  public long first(int m) {
    return offsets[m];
  }

  public long count(int m) {
    return offsets[m + 1] - offsets[m];
  }

  public LocalDate asOf() {
    return asOf;
  }

  /** Resident number {@code i} (0 ≤ i < total). */
  public Resident resident(long i) {
    int m = municipalityOf(i);
    SplittableRandom r = random(i, 0);
    Person p = person(i);
    Resident.Kind kind = p.variant ? Resident.Kind.VARIANT_KANJI : Resident.Kind.ORDINARY;
    if (places.size() > 1 && r.nextInt(DOUBLE_EVERY) == 0) {
      // Someone in another municipality, not a double themself, lends name, sex and birth date.
      int other = (m + 1 + r.nextInt(places.size() - 1)) % places.size();
      long j = offsets[other] + r.nextLong(count(other));
      if (!isDouble(j)) {
        p = person(j);
        kind = Resident.Kind.SAME_NAME_AND_BIRTH_ELSEWHERE;
      }
    }
    Place place = places.get(m);
    FourItems items =
        FourItems.newBuilder()
            .setName(p.surname.kanji() + " " + p.given.kanji())
            .setSex(p.sex)
            .setBirthDate(p.birthDate.toString())
            .setAddress(address(place, m, r))
            .build();
    return new Resident(i, place.code(), items, p.surname.kana() + " " + p.given.kana(), kind);
  }

  private boolean isDouble(long j) {
    return places.size() > 1 && random(j, 0).nextInt(DOUBLE_EVERY) == 0;
  }

  private record Person(Name surname, Name given, Sex sex, LocalDate birthDate, boolean variant) {}

  /** The name, sex and birth date of resident {@code i}, before any doubling. */
  private Person person(long i) {
    SplittableRandom r = random(i, 1);
    Sex sex = pyramid.sex(r);
    boolean variant = r.nextInt(VARIANT_EVERY) == 0;
    Name surname;
    if (variant) {
      List<Name> group = NameTable.VARIANT_GROUPS.get(r.nextInt(NameTable.VARIANT_GROUPS.size()));
      surname = group.get(r.nextInt(group.size()));
    } else {
      surname = names.surname(r);
    }
    Name given = names.given(sex, r);
    return new Person(surname, given, sex, pyramid.birthDate(sex, asOf, r), variant);
  }

  /** 都道府県 市区町村 町名 N丁目N番N号, the towns a municipality has growing with its population. */
  private String address(Place place, int m, SplittableRandom r) {
    int n = (int) Math.max(3, Math.min(MAX_TOWNS, place.population() / PEOPLE_PER_TOWN));
    int start = Math.floorMod(place.code().value().hashCode(), towns.size());
    String town = towns.get((start + r.nextInt(n)) % towns.size());
    return place.addressPrefix()
        + town
        + (1 + r.nextInt(5))
        + "丁目"
        + (1 + r.nextInt(30))
        + "番"
        + (1 + r.nextInt(20))
        + "号";
  }

  int municipalityOf(long i) {
    if (i < 0 || i >= total()) {
      throw new IndexOutOfBoundsException("resident " + i + " of " + total());
    }
    int k = Arrays.binarySearch(offsets, i);
    if (k >= 0) {
      while (k + 1 < offsets.length && offsets[k + 1] == i) {
        k++;
      }
      return k;
    }
    return -k - 2;
  }

  /** An independent stream for resident {@code i} and purpose {@code salt}. */
  private SplittableRandom random(long i, int salt) {
    return new SplittableRandom(mix(mix(seed) + i * 0x9E3779B97F4A7C15L + salt));
  }

  /** Stafford's variant 13 of the SplitMix64 finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Every resident in order: for tests and small networks. */
  public List<Resident> all() {
    List<Resident> out = new ArrayList<>();
    for (long i = 0; i < total(); i++) {
      out.add(resident(i));
    }
    return out;
  }
}
