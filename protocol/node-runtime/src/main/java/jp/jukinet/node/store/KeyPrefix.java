package jp.jukinet.node.store;

import java.nio.charset.StandardCharsets;

/**
 * The prefix of every key of one node in a {@link SharedDatabase}: its name in UTF-8 and a zero
 * byte. Names hold no zero byte, so no node's prefix starts another's and each node's keys form one
 * contiguous range, below {@link #upperBound}.
 */
final class KeyPrefix {
  private static final byte[] NONE = new byte[0];

  private KeyPrefix() {}

  static byte[] none() {
    return NONE;
  }

  static byte[] of(String nodeName) {
    if (nodeName.isEmpty() || nodeName.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "node name '"
              + nodeName.replace('\0', '?')
              + "' cannot prefix keys: it must be non-empty, without a zero character");
    }
    byte[] name = nodeName.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[name.length + 1];
    System.arraycopy(name, 0, prefix, 0, name.length);
    return prefix;
  }

  /** The first key after every key that starts with {@code prefix} (which ends in a zero byte). */
  static byte[] upperBound(byte[] prefix) {
    byte[] bound = prefix.clone();
    bound[bound.length - 1] = 1;
    return bound;
  }

  static byte[] prefixed(byte[] prefix, byte[] key) {
    if (prefix.length == 0) {
      return key;
    }
    byte[] out = new byte[prefix.length + key.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }
}
