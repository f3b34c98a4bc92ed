package jp.jukinet.pref.use;

import java.util.Objects;

/**
 * One 所管 (office) of a prefectural 事務, with its 登録人数 (operators registered to use 住基ネット for that
 * 事務).
 *
 * @param users registered users, or -1 when the source does not say
 */
public record PrefOffice(String name, int users) {
  public PrefOffice {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("office name is empty");
    }
    if (users < -1) {
      throw new IllegalArgumentException("office " + name + ": users " + users + " < -1");
    }
  }

  /** {@code 税務課:38} or {@code 税務課} (users unknown). */
  static PrefOffice parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new PrefOffice(text, -1);
    }
    return new PrefOffice(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }
}
