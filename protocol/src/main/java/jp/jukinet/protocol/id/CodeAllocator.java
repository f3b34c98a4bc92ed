package jp.jukinet.protocol.id;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Municipality;

/**
 * Allocates 住民票コード and 個人番号 that are unique network-wide without any coordination and carry no
 * visible information (docs/design.md §6).
 *
 * <p>Each CS draws from its own slice of one keyed bijection: the input is {@code
 * slot(municipality) + counter}, where the counter is the CS's own persistent allocation counter,
 * and the output is a keyed format-preserving permutation of that number (a 10-round Feistel
 * network over binary strings with cycle walking) into the 10-digit space of 住民票コード base digits,
 * and, with another key, into the 11-digit space of 個人番号 base digits. Disjoint inputs give distinct
 * outputs, so no two CSs of one network ever allocate the same code.
 *
 * <p>Slices ({@link #slotStart}): a municipality of the bundled table (municipalities.csv) at row
 * {@code i} (0..1,740) owns inputs {@code [i × 5,000,000, (i + 1) × 5,000,000)}. Codes not in the
 * table come after those 8,705,000,000 inputs: a synthetic-range code (municipality part mmm in
 * 201..299, what {@code synthetic:PxM} topologies use) owns 200,000 inputs at {@code ((pp − 1) × 99
 * + (mmm − 201)) × 200,000}, enough for minutes of {@code bench changes}; any other made-up code
 * (in a topology file) owns 5,000 inputs after all synthetic slices, at {@code ((pp − 1) × 901 + k)
 * × 5,000} with k = mmm for mmm ≤ 200 and mmm − 99 above 299. Synthetic cities that reuse a real
 * code get that municipality's slice, which is fine since one network never holds both. The highest
 * input, 8,705,000,000 + 4,653 × 200,000 + 42,347 × 5,000 − 1, stays below 10^10.
 *
 * <p>The key is derived from the network CA certificate (SHA-256 of {@code ca.pem}), so every CS of
 * one network uses the same bijection, and another network a different one.
 */
public final class CodeAllocator {
  /** Inputs owned by each municipality of the bundled table. */
  public static final long TABLE_SLICE = 5_000_000L;

  /** Inputs owned by a made-up code in the synthetic range (municipality part 201..299). */
  public static final long SYNTHETIC_SLICE = 200_000L;

  /** Inputs owned by any other municipality code that is not in the bundled table. */
  public static final long OTHER_SLICE = 5_000L;

  private static final int SYNTHETIC_FIRST = 201;
  private static final int SYNTHETIC_LAST = 299;
  private static final int SYNTHETIC_PER_PREFECTURE = SYNTHETIC_LAST - SYNTHETIC_FIRST + 1;
  private static final int OTHERS_PER_PREFECTURE = 1000 - SYNTHETIC_PER_PREFECTURE;

  private static final long JUMINHYO_SPACE = 10_000_000_000L;
  private static final long NUMBER_SPACE = 100_000_000_000L;
  private static final int ROUNDS = 10;

  private final Permutation juminhyo;
  private final Permutation number;

  /**
   * An allocator keyed by {@code networkKey} (any bytes; the CA certificate's digest in a network).
   */
  public CodeAllocator(byte[] networkKey) {
    Objects.requireNonNull(networkKey, "networkKey");
    this.juminhyo = new Permutation(JUMINHYO_SPACE, roundKeys(networkKey, "juminhyo-code"));
    this.number = new Permutation(NUMBER_SPACE, roundKeys(networkKey, "individual-number"));
  }

  /**
   * The allocator of the network whose CA certificate is {@code caPem} (e.g. {@code <pki>/ca.pem}).
   */
  public static CodeAllocator forNetwork(Path caPem) {
    try {
      return new CodeAllocator(sha256(Files.readAllBytes(caPem)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the network CA certificate " + caPem + " to key the code allocator", e);
    }
  }

  /** How many codes a municipality can allocate in its lifetime. */
  public static long capacity(LocalGovernmentCode municipality) {
    if (Slices.TABLE_ROW.containsKey(municipality.value())) {
      return TABLE_SLICE;
    }
    return isSyntheticRange(municipality) ? SYNTHETIC_SLICE : OTHER_SLICE;
  }

  /** The first input of the municipality's slice (see the class comment). */
  public static long slotStart(LocalGovernmentCode municipality) {
    Objects.requireNonNull(municipality, "municipality");
    Integer row = Slices.TABLE_ROW.get(municipality.value());
    if (row != null) {
      return row * TABLE_SLICE;
    }
    int pp = Integer.parseInt(municipality.prefectureCode());
    int mmm = municipalityPart(municipality);
    long afterTable = Slices.TABLE_SIZE * TABLE_SLICE;
    if (isSyntheticRange(municipality)) {
      return afterTable
          + ((long) (pp - 1) * SYNTHETIC_PER_PREFECTURE + (mmm - SYNTHETIC_FIRST))
              * SYNTHETIC_SLICE;
    }
    long afterSynthetic =
        afterTable
            + (long) LocalGovernmentCode.PREFECTURES * SYNTHETIC_PER_PREFECTURE * SYNTHETIC_SLICE;
    int k = mmm < SYNTHETIC_FIRST ? mmm : mmm - SYNTHETIC_PER_PREFECTURE;
    return afterSynthetic + ((long) (pp - 1) * (OTHERS_PER_PREFECTURE + 1) + k) * OTHER_SLICE;
  }

  private static int municipalityPart(LocalGovernmentCode code) {
    return Integer.parseInt(code.value().substring(2, 5));
  }

  private static boolean isSyntheticRange(LocalGovernmentCode code) {
    int mmm = municipalityPart(code);
    return mmm >= SYNTHETIC_FIRST && mmm <= SYNTHETIC_LAST;
  }

  /** The 住民票コード for the municipality's {@code counter}-th allocation (counter from 0). */
  public JuminhyoCode juminhyoCode(LocalGovernmentCode municipality, long counter) {
    String base = zeroPadded(juminhyo.apply(input(municipality, counter)), 10);
    return JuminhyoCode.parse(base + JuminhyoCodeCheckDigit.of(base));
  }

  /** The 個人番号 for the municipality's {@code counter}-th allocation (counter from 0). */
  public IndividualNumber individualNumber(LocalGovernmentCode municipality, long counter) {
    String base = zeroPadded(number.apply(input(municipality, counter)), 11);
    return IndividualNumber.parse(base + CheckDigits.individualNumber(base));
  }

  /** {@code v} (not negative) in {@code width} decimal digits; String.format costs µs per code. */
  static String zeroPadded(long v, int width) {
    String digits = Long.toString(v);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  private static long input(LocalGovernmentCode municipality, long counter) {
    long cap = capacity(municipality);
    if (counter < 0 || counter >= cap) {
      throw new IllegalArgumentException(
          "allocation counter "
              + counter
              + " of municipality "
              + municipality
              + " is outside its slice 0.."
              + (cap - 1)
              + " (the municipality has used up its codes)");
    }
    return slotStart(municipality) + counter;
  }

  private static long[] roundKeys(byte[] networkKey, String purpose) {
    long[] keys = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      MessageDigest md = sha256();
      md.update(networkKey);
      md.update((purpose + "/" + r).getBytes(StandardCharsets.UTF_8));
      keys[r] = ByteBuffer.wrap(md.digest()).getLong();
    }
    return keys;
  }

  private static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * A keyed permutation of {@code [0, n)}: a balanced Feistel network over 2·h bits (2^(2h) ≥ n),
   * applied again while the result is ≥ n (cycle walking, which stays a bijection on [0, n)).
   */
  static final class Permutation {
    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys;

    Permutation(long n, long[] keys) {
      this.n = n;
      int bits = 64 - Long.numberOfLeadingZeros(n - 1);
      this.halfBits = (bits + 1) / 2;
      this.halfMask = (1L << halfBits) - 1;
      this.keys = keys.clone();
    }

    long apply(long x) {
      if (x < 0 || x >= n) {
        throw new IllegalArgumentException("permutation input " + x + " outside 0.." + (n - 1));
      }
      long y = x;
      do {
        y = feistel(y);
      } while (y >= n);
      return y;
    }

    private long feistel(long x) {
      long left = x >>> halfBits;
      long right = x & halfMask;
      for (long k : keys) {
        long next = left ^ (mix(right ^ k) & halfMask);
        left = right;
        right = next;
      }
      return (left << halfBits) | right;
    }

    /** SplitMix64's finaliser: a fast, well-mixing round function. */
    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }

  /** Row index of every municipality of the bundled table, loaded on first use. */
  private static final class Slices {
    static final Map<String, Integer> TABLE_ROW = rows();
    static final int TABLE_SIZE = 1741;

    private static Map<String, Integer> rows() {
      List<Municipality> all = Municipalities.all();
      if (all.size() > TABLE_SIZE) {
        throw new IllegalStateException(
            "the municipality table has "
                + all.size()
                + " rows; the code allocator's "
                + "slices are laid out for at most "
                + TABLE_SIZE);
      }
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < all.size(); i++) {
        m.put(all.get(i).code6().value(), i);
      }
      return Map.copyOf(m);
    }
  }
}
