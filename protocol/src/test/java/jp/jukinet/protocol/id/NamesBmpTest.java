package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NamesBmpTest {
  private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");

  private static String byRegex(String name) {
    return SPACES
        .matcher(Normalizer.normalize(name, Normalizer.Form.NFKC))
        .replaceAll("")
        .toUpperCase(Locale.ROOT);
  }

  @Test
  void removesWhatTheRegexRemovedForEveryCharacterOfTheBmp() {
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      String name = "甲" + (char) c + "斐 " + (char) c;
      assertEquals(byRegex(name), Names.normalize(name), "character U+" + Integer.toHexString(c));
    }
  }

  @Test
  void normalisesWidthAndRemovesIdeographicSpaces() {
    assertEquals("甲斐太郎ABC", Names.normalize("甲斐\u3000太郎 ＡＢＣ\t"));
    assertEquals("𠮷野", Names.normalize(" 𠮷 野 "));
    assertEquals("", Names.normalize(" \u2028\u00a0"));
  }
}
