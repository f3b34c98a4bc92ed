package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NamesTest {

  @Test
  void spacesOfEveryKindAreRemoved() {
    assertEquals("山田太郎", Names.normalize("山田　太郎"));
    assertEquals("山田太郎", Names.normalize("山田 太郎"));
    assertEquals("山田太郎", Names.normalize(" 山田\t太郎\u3000"));
    assertEquals("山田太郎", Names.normalize("山田\u00A0太郎"));
  }

  @Test
  void widthIsUnified() {
    assertEquals(Names.normalize("ヤマダ タロウ"), Names.normalize("ﾔﾏﾀﾞ ﾀﾛｳ"));
    assertEquals("SMITHJOHN", Names.normalize("ＳＭＩＴＨ　Ｊｏｈｎ"));
  }

  @Test
  void caseDoesNotDependOnTheLocale() {
    // Surefire runs with a Turkish default locale: "i".toUpperCase() would give "İ" there.
    assertEquals("KIM", Names.normalize("kim"));
    assertEquals(Names.normalize("Smith John"), Names.normalize("SMITH JOHN"));
  }

  @Test
  void kanjiVariantsStayDistinct() {
    assertNotEquals(Names.normalize("髙橋"), Names.normalize("高橋"));
  }

  @Test
  void blankNamesNormaliseToEmpty() {
    assertEquals("", Names.normalize("　 "));
    assertTrue(Names.isBlank("　 	"));
    assertTrue(Names.isBlank(null));
    assertFalse(Names.isBlank(" 甲 "));
    assertThrows(NullPointerException.class, () -> Names.normalize(null));
  }
}
