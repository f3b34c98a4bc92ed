package jp.jukinet.node.store;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jp.jukinet.protocol.id.Names;
import jp.jukinet.protocol.proto.IdentityInfo;

/**
 * Key layout of the {@link IdentityRegistry}'s column families.
 *
 * <ul>
 *   <li>{@code registry_history}: {@code code 0x00 sortKey} → the change ({@link
 *       ChangeReplay#sortKey} orders a person's history in replay order);
 *   <li>{@code registry_current}: {@code code} → the latest sort key of the person's history and
 *       the current record, if any ({@link #current}: one key rewritten per change, not two);
 *   <li>{@code registry_index}: {@code N number} → code (個人番号), {@code F name birth code} (4情報, the
 *       name normalised), {@code M municipality code} (registered, not removed), {@code R old} →
 *       the code that replaced it, and {@code #count}.
 * </ul>
 *
 * Strings end with 0x00 ({@link Keys}), so a prefix never matches a longer value.
 */
final class RegistryKeys {
  static final byte[] COUNT = "#count".getBytes(StandardCharsets.UTF_8);
  static final byte[] RETIRED_PREFIX = {'R'};

  private RegistryKeys() {}

  static byte[] individualNumber(String number) {
    return Keys.of('N').str(number).build();
  }

  static byte[] fourItemsPrefix(String name, String birthDate) {
    return Keys.of('F').str(Names.normalize(name)).str(birthDate).build();
  }

  static byte[] fourItems(IdentityInfo info) {
    return Keys.of('F')
        .str(Names.normalize(info.getFourItems().getName()))
        .str(info.getFourItems().getBirthDate())
        .str(info.getJuminhyoCode())
        .build();
  }

  static byte[] municipalityPrefix(String municipality) {
    return Keys.of('M').str(municipality).build();
  }

  static byte[] municipality(String municipality, String code) {
    return Keys.of('M').str(municipality).str(code).build();
  }

  static byte[] municipality(IdentityInfo info) {
    return municipality(info.getMunicipalityCode(), info.getJuminhyoCode());
  }

  /**
   * A {@code registry_current} value: 1 byte (1: a record follows, 0: none), the length of the
   * latest sort key (2 bytes, big-endian), that sort key, then the record's protobuf encoding.
   */
  static byte[] current(byte[] lastSortKey, IdentityInfo record) {
    int head = 3 + lastSortKey.length;
    int size = record == null ? 0 : record.getSerializedSize();
    byte[] v = new byte[head + size];
    v[0] = (byte) (record == null ? 0 : 1);
    v[1] = (byte) (lastSortKey.length >>> 8);
    v[2] = (byte) lastSortKey.length;
    System.arraycopy(lastSortKey, 0, v, 3, lastSortKey.length);
    if (record != null) {
      CodedOutputStream out = CodedOutputStream.newInstance(v, head, size);
      try {
        record.writeTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // an array of the exact size does not overflow
      }
      out.checkNoSpaceLeft();
    }
    return v;
  }

  /** Whether a {@link #current} value holds a record. */
  static boolean hasRecord(byte[] current) {
    return current[0] == 1;
  }

  /** The latest sort key in a {@link #current} value. */
  static byte[] lastSortKey(byte[] current) {
    return Arrays.copyOfRange(current, 3, recordOffset(current));
  }

  /** Where the record starts in a {@link #current} value. */
  static int recordOffset(byte[] current) {
    return 3 + (((current[1] & 0xff) << 8) | (current[2] & 0xff));
  }

  static byte[] retired(String oldCode) {
    return Keys.of('R').str(oldCode).build();
  }

  /** The old code a {@link #retired} key names. */
  static String retiredCode(byte[] key) {
    return new String(key, 1, key.length - 2, StandardCharsets.UTF_8);
  }

  /** The code that ends a key made of {@code prefix} followed by a code. */
  static String codeAfter(byte[] key, byte[] prefix) {
    return new String(key, prefix.length, key.length - prefix.length - 1, StandardCharsets.UTF_8);
  }

  static byte[] historyPrefix(String code) {
    return Keys.empty().str(code).build();
  }

  static byte[] history(String code, byte[] sortKey) {
    byte[] prefix = historyPrefix(code);
    byte[] k = Arrays.copyOf(prefix, prefix.length + sortKey.length);
    System.arraycopy(sortKey, 0, k, prefix.length, sortKey.length);
    return k;
  }
}
