package jp.jukinet.protocol.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import jp.jukinet.protocol.pki.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedCalendarTest {
  private static final Instant ANCHOR = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void ratesAreSimulatedTimePerRealTime() {
    assertEquals(86_400, SimulatedCalendar.parseRate("1day/1s"));
    assertEquals(86_400, SimulatedCalendar.parseRate("1d/s"));
    assertEquals(3_600, SimulatedCalendar.parseRate("1h/1s"));
    assertEquals(30, SimulatedCalendar.parseRate("30min/1min"));
    assertEquals(1, SimulatedCalendar.parseRate("1s/1s"));
    assertEquals(2.5, SimulatedCalendar.parseRate("2.5"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SimulatedCalendar.parseRate("fast"));
    assertTrue(e.getMessage().contains("--clock-rate 'fast'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SimulatedCalendar.parse("2020-04-01T09:00+09:00", "0", ANCHOR));
  }

  @Test
  void aDayPerSecondCoversAFiscalYearIn365Seconds() {
    SimulatedCalendar c = SimulatedCalendar.parse("2020-04-01T00:00+09:00", "1day/1s", ANCHOR);
    Clock real = Clock.fixed(ANCHOR.plusSeconds(365), ZoneOffset.UTC);
    LocalDate d = LocalDate.ofInstant(c.clock(real).instant(), ZoneId.of("Asia/Tokyo"));
    assertEquals(LocalDate.of(2021, 4, 1), d);
    assertEquals(
        LocalDate.of(2020, 4, 1), LocalDate.ofInstant(c.at(ANCHOR), ZoneId.of("Asia/Tokyo")));
    assertEquals(86_400, c.realTimeFor(java.time.Duration.ofDays(86_400)).toSeconds());
  }

  @Test
  void aStartWithoutItsOffsetIsRefusedNamingTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SimulatedCalendar.parse("2020-04-01", "1day/1s", ANCHOR));
    assertTrue(e.getMessage().contains("--clock '2020-04-01'"), e.getMessage());
  }

  @Test
  void theNodeConfigCarriesTheCalendarThroughItsFile(@TempDir Path dir) {
    SimulatedCalendar c = SimulatedCalendar.parse("2020-04-01T09:00+09:00", "1day/1s", ANCHOR);
    NodeConfig config =
        new NodeConfig(
            PeerId.national(),
            HostPort.parse("127.0.0.1:0"),
            dir.resolve("data"),
            dir.resolve("pki"),
            null,
            null,
            null,
            c);
    config.save(dir.resolve("config.yaml"));
    NodeConfig read = NodeConfig.load(dir.resolve("config.yaml"));
    assertEquals(c, read.calendar());
    assertEquals(c, SimulatedCalendar.fromProperty(c.toProperty()));
    Clock real = Clock.fixed(ANCHOR.plusSeconds(1), ZoneOffset.UTC);
    assertEquals(c.at(real.instant()), read.calendar(real).instant());
    NodeConfig wall = config.withCalendar(null);
    assertEquals(real.instant(), wall.calendar(real).instant());
  }
}
