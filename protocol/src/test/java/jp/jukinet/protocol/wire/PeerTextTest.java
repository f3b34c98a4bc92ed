package jp.jukinet.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Quoting and bounding of peer text (docs/protocol.md §8.1, §8.4). */
class PeerTextTest {
  @Test
  void controlFormatAndSeparatorCharactersAreEscaped() {
    assertEquals(
        "\"192015-\\u000a2026-01-01 INFO forged\"",
        PeerText.quote("192015-\n2026-01-01 INFO forged"));
    assertEquals("\"a\\\\b\\\"c\\u0009\\u001b\\u007f\"", PeerText.quote("a\\b\"c\t\u001b\u007f"));
    assertEquals(
        "\"\\u202eevil\\u2066\\u200b\\u2028\\u2029\"",
        PeerText.quote("\u202eevil\u2066\u200b\u2028\u2029"));
    assertEquals("\"\\ue000\\U0010fffd\"", PeerText.quote("\ue000\udbff\udffd"), "private use");
    assertEquals("\"山梨県 😀\"", PeerText.quote("山梨県 😀"), "ordinary text stays as it is");
  }

  @Test
  void onlyTheFirst64CodePointsAreQuoted() {
    String value = "😀".repeat(100);
    assertEquals("\"" + "😀".repeat(64) + "\"…(+36 chars)", PeerText.quote(value));
    assertEquals("\"" + "x".repeat(64) + "\"", PeerText.quote("x".repeat(64)));
  }

  @Test
  void anErrorMessageIsCutTo512BytesWithTheMarker() {
    assertEquals("short", PeerText.boundMessage("short"));
    String exact = "x".repeat(512);
    assertEquals(exact, PeerText.boundMessage(exact));
    String cut = PeerText.boundMessage("あ".repeat(4 * 1024 * 1024));
    assertTrue(cut.endsWith(PeerText.TRUNCATED), cut);
    assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 512);
    assertEquals(
        "あ".repeat((512 - PeerText.TRUNCATED.getBytes(StandardCharsets.UTF_8).length) / 3)
            + PeerText.TRUNCATED,
        cut,
        "cut at a code-point boundary");
  }

  @Test
  void aPeersErrorMessageIsQuotedWithinAbout512Bytes() {
    String quoted = PeerText.quoteMessage("line\n".repeat(1_000_000));
    assertTrue(quoted.getBytes(StandardCharsets.UTF_8).length < 600, quoted);
    assertTrue(quoted.startsWith("\"line\\u000aline"), quoted);
    assertTrue(quoted.endsWith(" chars)"), quoted);
    assertTrue(!quoted.contains("\n"));
  }

  @Test
  void errorsBuiltByErrorCodesAreBounded() {
    String message =
        ErrorCodes.error(
                jp.jukinet.protocol.proto.ErrorCode.ERROR_CODE_INVALID_REQUEST,
                "field " + "z".repeat(5000))
            .getMessage();
    assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= 512);
  }
}
