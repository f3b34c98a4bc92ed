package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
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
  void emptyNamesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.normalize("　 "));
    assertEquals("invalid 氏名 '　 ': empty after removing spaces", e.getMessage());
    assertThrows(NullPointerException.class, () -> Names.normalize(null));
  }

  @Test
  void fourItemsKey() {
    assertEquals("山田太郎|1980-04-01", FourItemsKey.of("山田　太郎", LocalDate.of(1980, 4, 1)));
    assertEquals("山田太郎|1980-04-01", FourItemsKey.of("山田 太郎", "1980-04-01"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FourItemsKey.of("山田太郎", "1980-02-30"));
    assertEquals("invalid 生年月日 '1980-02-30': must be a date YYYY-MM-DD", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FourItemsKey.of("山田太郎", "S55.4.1"));
  }
}
