package jp.jukinet.protocol.id;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * Normalises a 氏名 for 4情報 matching, so that the same name typed differently finds the same
 * person: 「山田　太郎」, 「山田 太郎」 and 「山田太郎」 match, and so do full-width and half-width
 * forms (ｶﾀｶﾅ and カタカナ, ＡＢＣ and ABC).
 *
 * <p>Steps: Unicode NFKC; remove every whitespace character (ASCII space, tab, U+3000 全角スペース,
 * other Unicode spaces); upper-case Latin letters with {@link Locale#ROOT}, so the result does not
 * depend on the JVM's locale (Turkish dotted/dotless i) and romanised names of foreign residents
 * match regardless of case. Kanji variants (髙/高, 﨑/崎) are <b>not</b> unified: they are
 * different registered characters.
 */
public final class Names {
  private Names() {}

  /** The normalised name; rejects a name that is empty after normalisation. */
  public static String normalize(String name) {
    Objects.requireNonNull(name, "name");
    String nfkc = Normalizer.normalize(name, Normalizer.Form.NFKC);
    StringBuilder sb = new StringBuilder(nfkc.length());
    nfkc.codePoints()
        .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
        .forEach(sb::appendCodePoint);
    if (sb.isEmpty()) {
      throw new IllegalArgumentException("invalid 氏名 '" + name + "': empty after removing spaces");
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }
}
