package jp.jukinet.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NormalizeNameTest {
  private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");

  private static String byRegex(String name) {
    return SPACES.matcher(Normalizer.normalize(name, Normalizer.Form.NFKC)).replaceAll("");
  }

  @Test
  void removesWhatTheRegexRemovedForEveryCharacterOfTheBmp() {
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      String name = "甲" + (char) c + "斐 " + (char) c;
      assertEquals(byRegex(name), IdentityRegistry.normalizeName(name), "character U+" + Integer.toHexString(c));
    }
  }

  @Test
  void normalisesWidthAndRemovesIdeographicSpaces() {
    assertEquals("甲斐太郎ABC", IdentityRegistry.normalizeName("甲斐\u3000太郎 ＡＢＣ\t"));
    assertEquals("𠮷野", IdentityRegistry.normalizeName(" 𠮷 野 "));
    assertEquals("", IdentityRegistry.normalizeName(" \u2028\u00a0"));
  }
}
