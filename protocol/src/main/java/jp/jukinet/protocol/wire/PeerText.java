package jp.jukinet.protocol.wire;

import java.nio.charset.StandardCharsets;

/**
 * Text a peer controls, made safe to log or to put into an {@code Error.message} (docs/protocol.md
 * §8.1, §8.4): bounded, every control, format, separator, surrogate, private-use and unassigned
 * code point escaped, and delimited in double quotes, so that it can neither forge a log line nor
 * blow up a frame or a log file.
 */
public final class PeerText {
  /** Code points of a peer's field quoted at most. */
  public static final int MAX_QUOTED_CODE_POINTS = 64;

  /** Longest {@code Error.message}, in UTF-8 bytes. */
  public static final int MAX_ERROR_MESSAGE_BYTES = 512;

  /** Appended to an {@code Error.message} cut to {@link #MAX_ERROR_MESSAGE_BYTES}. */
  public static final String TRUNCATED = " …[truncated]";

  private PeerText() {}

  /**
   * {@code "value"}, at most 64 code points of it, escaped, then {@code …(+n chars)} for the rest.
   */
  public static String quote(String value) {
    return quote(value, '"');
  }

  /**
   * As {@link #quote}, in single quotes: for the messages that name a value as {@code 'value'}
   * (identifiers, dates), where the value may be a peer's.
   */
  public static String quoteSingle(String value) {
    return quote(value, '\'');
  }

  private static String quote(String value, char delimiter) {
    if (value == null) {
      return "null";
    }
    int total = value.codePointCount(0, value.length());
    int shown = Math.min(total, MAX_QUOTED_CODE_POINTS);
    StringBuilder b = new StringBuilder(shown + 16).append(delimiter);
    int end = value.offsetByCodePoints(0, shown);
    value
        .substring(0, end)
        .codePoints()
        .forEach(
            cp -> {
              if (cp == delimiter) {
                b.append('\\').append(delimiter);
              } else {
                escape(b, cp);
              }
            });
    b.append(delimiter);
    if (total > shown) {
      b.append("…(+").append(total - shown).append(" chars)");
    }
    return b.toString();
  }

  /**
   * A peer's {@code Error.message} for a log line: escaped and quoted like {@link #quote}, bounded
   * to 512 UTF-8 bytes instead of 64 code points.
   */
  public static String quoteMessage(String message) {
    if (message == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder().append('"');
    int bytes = 0;
    int i = 0;
    while (i < message.length()) {
      int cp = message.codePointAt(i);
      int before = b.length();
      escape(b, cp);
      bytes += utf8Length(b, before);
      if (bytes > MAX_ERROR_MESSAGE_BYTES) {
        b.setLength(before);
        break;
      }
      i += Character.charCount(cp);
    }
    b.append('"');
    if (i < message.length()) {
      b.append("…(+").append(message.codePointCount(i, message.length())).append(" chars)");
    }
    return b.toString();
  }

  /**
   * An {@code Error.message} this node sends: unchanged when it fits 512 UTF-8 bytes, else cut at a
   * code-point boundary so that with {@link #TRUNCATED} appended it does.
   */
  public static String boundMessage(String message) {
    if (message.length() * 3 <= MAX_ERROR_MESSAGE_BYTES
        || message.getBytes(StandardCharsets.UTF_8).length <= MAX_ERROR_MESSAGE_BYTES) {
      return message;
    }
    int budget = MAX_ERROR_MESSAGE_BYTES - TRUNCATED.getBytes(StandardCharsets.UTF_8).length;
    int bytes = 0;
    int i = 0;
    while (i < message.length()) {
      int cp = message.codePointAt(i);
      int len = utf8Length(cp);
      if (bytes + len > budget) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return message.substring(0, i) + TRUNCATED;
  }

  private static void escape(StringBuilder b, int cp) {
    if (cp == '\\') {
      b.append("\\\\");
    } else if (cp == '"') {
      b.append("\\\"");
    } else if (mustEscape(cp)) {
      if (cp > 0xFFFF) {
        b.append(String.format("\\U%08x", cp));
      } else {
        b.append(String.format("\\u%04x", cp));
      }
    } else {
      b.appendCodePoint(cp);
    }
  }

  private static boolean mustEscape(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL,
      Character.FORMAT,
      Character.LINE_SEPARATOR,
      Character.PARAGRAPH_SEPARATOR,
      Character.SURROGATE,
      Character.PRIVATE_USE,
      Character.UNASSIGNED:
        return true;
      default:
        return false;
    }
  }

  private static int utf8Length(StringBuilder b, int from) {
    int n = 0;
    for (int i = from; i < b.length(); ) {
      int cp = b.codePointAt(i);
      n += utf8Length(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  private static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
}
