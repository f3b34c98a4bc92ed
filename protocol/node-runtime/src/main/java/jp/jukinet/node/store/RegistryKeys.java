package jp.jukinet.node.store;

import java.nio.charset.StandardCharsets;
import jp.jukinet.protocol.id.Names;
import jp.jukinet.protocol.proto.IdentityInfo;

/**
 * Key layout of the {@link IdentityRegistry}'s column families.
 *
 * <ul>
 *   <li>{@code registry_person}: {@code code} (no separator) → the person's latest sort key,
 *       current record and history ({@link PersonValue});
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
}
