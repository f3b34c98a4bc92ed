package jp.jukinet.node.provision;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the provision and security logs: sequences as 8-byte big-endian (they are positive, so
 * byte order is numeric order), strings in UTF-8 each followed by a zero byte.
 */
final class LogKeys {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(48);

  private LogKeys() {}

  static LogKeys key() {
    return new LogKeys();
  }

  static byte[] sequence(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  static long sequenceAt(byte[] key, int offset) {
    return ByteBuffer.wrap(key, offset, 8).getLong();
  }

  LogKeys str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    out.write(0);
    return this;
  }

  LogKeys u64(long v) {
    byte[] b = sequence(v);
    out.write(b, 0, b.length);
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }

  /** The zero-terminated strings at the start of {@code key}; {@code n} of them. */
  static String[] strings(byte[] key, int n) {
    String[] out = new String[n];
    int from = 0;
    for (int i = 0; i < n; i++) {
      int end = from;
      while (key[end] != 0) {
        end++;
      }
      out[i] = new String(key, from, end - from, StandardCharsets.UTF_8);
      from = end + 1;
    }
    return out;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
