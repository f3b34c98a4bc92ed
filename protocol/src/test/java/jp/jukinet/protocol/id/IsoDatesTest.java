package jp.jukinet.protocol.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IsoDatesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2021-04-01",
        "2020-02-29",
        "0001-01-01",
        "9999-12-31",
        "+10000-01-01",
        "1900-01-31"
      })
  void acceptsWhatLocalDateParseAccepts(String text) {
    assertEquals(LocalDate.parse(text), IsoDates.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2021-02-30",
        "2021-13-01",
        "2021-00-10",
        "2021-4-01",
        "2021/04/01",
        "20210401",
        "",
        "２０２１-04-01",
        "2021-04-0a",
        "2019-02-29",
        "0000-01-00"
      })
  void refusesWhatLocalDateParseRefusesWithItsException(String text) {
    assertThrows(DateTimeParseException.class, () -> LocalDate.parse(text));
    DateTimeParseException e =
        assertThrows(DateTimeParseException.class, () -> IsoDates.parse(text));
    assertEquals(text, e.getParsedString());
  }
}
