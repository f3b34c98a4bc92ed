package jp.jukinet.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarChoiceTest {
  private static final Instant FIRST_UP = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant LATER = FIRST_UP.plusSeconds(3_600);

  @Test
  void aNewNetworkRecordsItsCalendarAndARestartKeepsItsAnchor(@TempDir Path root) {
    RunDirectory dir = new RunDirectory(root);
    SimulatedCalendar first =
        CalendarChoice.decide(dir, "2020-04-01T09:00+09:00", "1day/1s", FIRST_UP).orElseThrow();
    assertEquals(FIRST_UP, first.anchor());
    assertTrue(Files.exists(dir.calendarFile()));
    // A later up, with the same options or none, resumes on the same calendar.
    assertEquals(
        first,
        CalendarChoice.decide(dir, "2020-04-01T09:00+09:00", "1day/1s", LATER).orElseThrow());
    assertEquals(first, CalendarChoice.decide(dir, null, null, LATER).orElseThrow());
  }

  @Test
  void aCalendarThatWouldRunBackwardsIsRefused(@TempDir Path root) {
    RunDirectory dir = new RunDirectory(root);
    CalendarChoice.decide(dir, "2020-04-01T09:00+09:00", "1day/1s", FIRST_UP);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CalendarChoice.decide(dir, "2019-04-01T09:00+09:00", "1day/1s", LATER));
    assertTrue(e.getMessage().contains("run backwards"), e.getMessage());
    assertTrue(e.getMessage().contains("--clock 2019-04-01T09:00+09:00"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CalendarChoice.decide(dir, "2020-04-01T09:00+09:00", "1h/1s", LATER));
  }

  @Test
  void aNetworkThatRanOnTheWallClockGetsNoCalendar(@TempDir Path root) throws Exception {
    RunDirectory dir = new RunDirectory(root);
    Files.createDirectories(dir.dataDir(PeerId.national()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CalendarChoice.decide(dir, "2020-04-01T09:00+09:00", null, FIRST_UP));
    assertTrue(e.getMessage().contains("wall clock"), e.getMessage());
    assertEquals(Optional.empty(), CalendarChoice.decide(dir, null, null, FIRST_UP));
  }

  @Test
  void aRateAloneIsRefused(@TempDir Path root) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CalendarChoice.decide(new RunDirectory(root), null, "1day/1s", FIRST_UP));
    assertTrue(e.getMessage().contains("--clock-rate needs --clock"), e.getMessage());
  }
}
