package jp.jukinet.node.store;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import jp.jukinet.protocol.proto.IdentityInfo;

/**
 * The {@code registry_person} value of one person: everything {@link IdentityRegistry} keeps of the
 * person but the indexes, in one key, so that a change rewrites one key where it wrote three (the
 * change under its own history key, the latest sort key, the record): each key staged is a memtable
 * insert, mostly at a random place, the largest single cost of a change.
 *
 * <p>Layout: 1 byte (1: a record follows, 0: none, e.g. a history without its 記載 yet), the latest
 * sort key's length (2 bytes, big-endian) and bytes, the record's length (4 bytes) and protobuf
 * encoding, then the history in replay order, each change as its length (4 bytes) and encoding. A
 * change that sorts after the rest is appended by copying the stored history's bytes, without
 * parsing them.
 */
final class PersonValue {
  private PersonValue() {}

  /**
   * The value of a person whose history is {@code stored}'s history (null: none), followed by
   * {@code changes} (encoded, in replay order).
   */
  static byte[] encode(byte[] last, IdentityInfo record, byte[] stored, List<byte[]> changes) {
    int recordSize = record == null ? 0 : record.getSerializedSize();
    int recordAt = 3 + last.length + 4;
    int historyAt = recordAt + recordSize;
    int storedFrom = stored == null ? 0 : historyOffset(stored);
    int storedLength = stored == null ? 0 : stored.length - storedFrom;
    int size = historyAt + storedLength;
    for (byte[] c : changes) {
      size += 4 + c.length;
    }
    byte[] v = new byte[size];
    v[0] = (byte) (record == null ? 0 : 1);
    v[1] = (byte) (last.length >>> 8);
    v[2] = (byte) last.length;
    System.arraycopy(last, 0, v, 3, last.length);
    writeInt(v, recordAt - 4, recordSize);
    if (record != null) {
      CodedOutputStream out = CodedOutputStream.newInstance(v, recordAt, recordSize);
      try {
        record.writeTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // an array of the exact size does not overflow
      }
      out.checkNoSpaceLeft();
    }
    int at = historyAt;
    if (stored != null) {
      System.arraycopy(stored, storedFrom, v, at, storedLength);
      at += storedLength;
    }
    for (byte[] c : changes) {
      writeInt(v, at, c.length);
      System.arraycopy(c, 0, v, at + 4, c.length);
      at += 4 + c.length;
    }
    return v;
  }

  /** Whether the value holds a record. */
  static boolean hasRecord(byte[] value) {
    return value[0] == 1;
  }

  /** The latest sort key of the person's history. */
  static byte[] lastSortKey(byte[] value) {
    return Arrays.copyOfRange(value, 3, 3 + sortKeyLength(value));
  }

  /** Where the record's encoding starts; {@link #recordLength} bytes long. */
  static int recordOffset(byte[] value) {
    return 3 + sortKeyLength(value) + 4;
  }

  static int recordLength(byte[] value) {
    return readInt(value, recordOffset(value) - 4);
  }

  /** Calls {@code change} with each history entry's offset and length, in replay order. */
  static void forEachChange(byte[] value, BiConsumer<Integer, Integer> change) {
    for (int at = historyOffset(value); at < value.length; ) {
      int length = readInt(value, at);
      change.accept(at + 4, length);
      at += 4 + length;
    }
  }

  private static int historyOffset(byte[] value) {
    return recordOffset(value) + recordLength(value);
  }

  private static int sortKeyLength(byte[] value) {
    return ((value[1] & 0xff) << 8) | (value[2] & 0xff);
  }

  private static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }
}
