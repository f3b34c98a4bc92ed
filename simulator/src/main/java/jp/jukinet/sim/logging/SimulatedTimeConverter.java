package jp.jukinet.sim.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * {@code %simtime}: the network's simulated time of a log event ("[sim 2020-04-03 09:12:00] "),
 * beside the real time the layout prints, when the process runs a network on a simulated calendar
 * ({@link SimulatedCalendar#PROPERTY}); nothing on the wall clock.
 */
public final class SimulatedTimeConverter extends ClassicConverter {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Tokyo"));

  private volatile SimulatedCalendar calendar;
  private volatile String seen;

  @Override
  public String convert(ILoggingEvent event) {
    String property = System.getProperty(SimulatedCalendar.PROPERTY);
    if (property == null) {
      return "";
    }
    if (!property.equals(seen)) {
      try {
        calendar = SimulatedCalendar.fromProperty(property);
      } catch (RuntimeException e) {
        calendar = null;
      }
      seen = property;
    }
    SimulatedCalendar c = calendar;
    return c == null
        ? ""
        : "[sim " + FORMAT.format(c.at(Instant.ofEpochMilli(event.getTimeStamp()))) + "] ";
  }
}
