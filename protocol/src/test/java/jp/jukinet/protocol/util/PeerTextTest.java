package jp.jukinet.protocol.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Peer text is bounded, escaped and delimited (docs/protocol.md §8.4). */
class PeerTextTest {
  @Test
  void plainTextIsOnlyDelimited() {
    assertEquals("\"192015-01\"", PeerText.quote("192015-01"));
    assertEquals("\"甲府市\"", PeerText.quote("甲府市"));
    assertEquals("\"\"", PeerText.quote(null));
  }

  @Test
  void controlsFormatCharactersQuotesAndBackslashesAreEscaped() {
    assertEquals("\"192015-\\u000a2026-01-01 INFO forged\"", PeerText.quote("192015-\n2026-01-01 INFO forged"));
    assertEquals("\"a\\\"b\\\\c\\u202e\\u2028\\u007f\"", PeerText.quote("a\"b\\c\u202e\u2028\u007f"));
    assertEquals("\"\\U000f0000\"", PeerText.quote(new String(Character.toChars(0xF0000))));
  }

  @Test
  void onlyTheFirst64CodePointsAreQuoted() {
    String s = "x".repeat(70);
    assertEquals("\"" + "x".repeat(64) + "\"…(+6 chars)", PeerText.quote(s));
  }
}
