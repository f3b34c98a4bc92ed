package jp.jukinet.protocol.util;

/**
 * Quotes text a peer sent before it goes into a log line or an {@code Error.message}
 * (docs/protocol.md §8.4): at most 64 code points, backslash and quote escaped, controls, format
 * characters, line and paragraph separators, surrogates, private-use and unassigned code points
 * written as {@code \\uXXXX}, in double quotes, with {@code …(+n chars)} when cut. The result has
 * no line break, so a peer cannot forge a log line.
 */
public final class PeerText {
  /** Code points of one value that are quoted; the rest is only counted. */
  public static final int MAX_CODE_POINTS = 64;

  private PeerText() {}

  /** {@code "value"}, bounded and escaped; {@code ""} for null. */
  public static String quote(String value) {
    String s = value == null ? "" : value;
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_CODE_POINTS) + 2).append('"');
    int quoted = 0;
    int i = 0;
    while (i < s.length() && quoted < MAX_CODE_POINTS) {
      int cp = s.codePointAt(i);
      appendEscaped(b, cp);
      i += Character.charCount(cp);
      quoted++;
    }
    b.append('"');
    if (i < s.length()) {
      b.append("…(+").append(s.codePointCount(i, s.length())).append(" chars)");
    }
    return b.toString();
  }

  private static void appendEscaped(StringBuilder b, int cp) {
    if (cp == '\\' || cp == '"') {
      b.append('\\').appendCodePoint(cp);
    } else if (mustEscape(cp)) {
      b.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
    } else {
      b.appendCodePoint(cp);
    }
  }

  private static boolean mustEscape(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
      default -> false;
    };
  }
}
