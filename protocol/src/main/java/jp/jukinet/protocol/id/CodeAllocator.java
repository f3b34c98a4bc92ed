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
 * Allocates 住民票コード and 個人番号 that are unique network-wide without any coordination and
 * carry no visible information (domain.md §3.3.2, §4.9).
 *
 * <p>Each CS draws from its own slice of one keyed bijection: the input is
 * {@code slot(municipality) + counter}, where the counter is the CS's own persistent allocation
 * counter, and the output is a keyed format-preserving permutation of that number (a 10-round
 * Feistel network over binary strings with cycle walking) into the 10-digit space of 住民票コード
 * base digits, and, with another key, into the 11-digit space of 個人番号 base digits. Disjoint
 * inputs give distinct outputs, so no two CSs of one network ever allocate the same code.
 *
 * <p>Slices ({@link #slotStart}): a municipality of the bundled table (municipalities.csv) at row
 * {@code i} (0..1,740) owns inputs {@code [i × 5,000,000, (i + 1) × 5,000,000)}; any other code
 * (a made-up one in a topology file) owns the small slice
 * {@code 1,741 × 5,000,000 + ((pp − 1) × 999 + (mmm − 1)) × 25,000} of 25,000 inputs, where pp is
 * the prefecture and mmm the municipality part of its code. Synthetic cities that reuse a real
 * code ({@code 19201}) get that municipality's slice, which is fine since one network never holds
 * both. The highest input, 8,705,000,000 + 46,953 × 25,000 − 1, stays below 10^10.
 *
 * <p>The key is derived from the network CA certificate (SHA-256 of {@code ca.pem}), so every CS
 * of one network uses the same bijection, and another network a different one.
 */
public final class CodeAllocator {
  /** Inputs owned by each municipality of the bundled table. */
  public static final long TABLE_SLICE = 5_000_000L;
  /** Inputs owned by a municipality code that is not in the bundled table. */
  public static final long OTHER_SLICE = 25_000L;

  private static final long JUMINHYO_SPACE = 10_000_000_000L;
  private static final long NUMBER_SPACE = 100_000_000_000L;
  private static final int ROUNDS = 10;

  private final Permutation juminhyo;
  private final Permutation number;

  /** An allocator keyed by {@code networkKey} (any bytes; the CA certificate's digest in a network). */
  public CodeAllocator(byte[] networkKey) {
    Objects.requireNonNull(networkKey, "networkKey");
    this.juminhyo = new Permutation(JUMINHYO_SPACE, roundKeys(networkKey, "juminhyo-code"));
    this.number = new Permutation(NUMBER_SPACE, roundKeys(networkKey, "individual-number"));
  }

  /** The allocator of the network whose CA certificate is {@code caPem} (e.g. {@code <pki>/ca.pem}). */
  public static CodeAllocator forNetwork(Path caPem) {
    try {
      return new CodeAllocator(sha256(Files.readAllBytes(caPem)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the network CA certificate " + caPem + " to key the code allocator", e);
    }
  }

  /** How many codes a municipality can allocate in its lifetime. */
  public static long capacity(LocalGovernmentCode municipality) {
    return Slices.TABLE_ROW.containsKey(municipality.value()) ? TABLE_SLICE : OTHER_SLICE;
  }

  /** The first input of the municipality's slice (see the class comment). */
  public static long slotStart(LocalGovernmentCode municipality) {
    Objects.requireNonNull(municipality, "municipality");
    Integer row = Slices.TABLE_ROW.get(municipality.value());
    if (row != null) {
      return row * TABLE_SLICE;
    }
    String c = municipality.value();
    int pp = Integer.parseInt(c.substring(0, 2));
    int mmm = Integer.parseInt(c.substring(2, 5));
    return Slices.TABLE_SIZE * TABLE_SLICE + ((long) (pp - 1) * 999 + (mmm - 1)) * OTHER_SLICE;
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
      throw new IllegalArgumentException("allocation counter " + counter + " of municipality " + municipality
          + " is outside its slice 0.." + (cap - 1) + " (the municipality has used up its codes)");
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
        throw new IllegalStateException("the municipality table has " + all.size() + " rows; the code allocator's "
            + "slices are laid out for at most " + TABLE_SIZE);
      }
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < all.size(); i++) {
        m.put(all.get(i).code6().value(), i);
      }
      return Map.copyOf(m);
    }
  }
}
