package jp.jukinet.protocol.id;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * The one normaliser of a 氏名 for 4情報 matching (the index of every node, the CS's form checks), so
 * that the same name typed differently finds the same person: 「山田　太郎」, 「山田 太郎」 and 「山田太郎」 match,
 * and so do full-width and half-width forms (ｶﾀｶﾅ and カタカナ, ＡＢＣ and ABC).
 *
 * <p>Steps: Unicode NFKC; remove every whitespace and separator character ({@code [\s\p{Z}]}: ASCII
 * space and controls \t–\r, U+3000 全角スペース, no-break and other Unicode spaces, line and paragraph
 * separators); upper-case with {@link Locale#ROOT}, so romanised names of foreign residents match
 * regardless of case ("kim" finds "KIM") and the result does not depend on the JVM's locale
 * (Turkish dotted/dotless i). Kanji variants (髙/高, 齋/斎/斉) are <b>not</b> unified: they are
 * different registered characters, and a search must name the one registered.
 */
public final class Names {
  private Names() {}

  /** The normalised name; empty when {@code name} holds nothing but spaces. */
  public static String normalize(String name) {
    Objects.requireNonNull(name, "name");
    String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
    StringBuilder sb = null;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (isSpace(c)) {
        if (sb == null) {
          sb = new StringBuilder(n.length()).append(n, 0, i);
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return (sb == null ? n : sb.toString()).toUpperCase(Locale.ROOT);
  }

  /** Whether {@code name} is missing or holds nothing but spaces. */
  public static boolean isBlank(String name) {
    return name == null || normalize(name).isEmpty();
  }

  /** {@code \s} (ASCII whitespace) or {@code \p{Z}} (every separator is in the BMP). */
  private static boolean isSpace(char c) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.SPACE_SEPARATOR
        || t == Character.LINE_SEPARATOR
        || t == Character.PARAGRAPH_SEPARATOR;
  }
}
