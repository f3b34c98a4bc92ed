package jp.jukinet.node.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-key building: UTF-8 strings separated by 0x00, longs big-endian (sign flipped, so they
 * sort).
 */
final class Keys {
  static final byte SEP = 0;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(48);

  private Keys() {}

  static Keys of(char prefix) {
    Keys k = new Keys();
    k.out.write((byte) prefix);
    return k;
  }

  static Keys empty() {
    return new Keys();
  }

  /** A string field followed by the separator. */
  Keys str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    out.write(SEP);
    return this;
  }

  Keys u64(long v) {
    long x = v ^ Long.MIN_VALUE;
    for (int i = 7; i >= 0; i--) {
      out.write((int) (x >>> (8 * i)));
    }
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }

  static long readU64(byte[] b, int off) {
    long x = 0;
    for (int i = 0; i < 8; i++) {
      x = (x << 8) | (b[off + i] & 0xff);
    }
    return x ^ Long.MIN_VALUE;
  }

  static byte[] longValue(long v) {
    return Keys.empty().u64(v).build();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The first key after every key starting with {@code prefix} (for upper bounds). */
  static byte[] after(byte[] prefix) {
    byte[] b = Arrays.copyOf(prefix, prefix.length + 1);
    b[prefix.length] = (byte) 0xff;
    return b;
  }
}
