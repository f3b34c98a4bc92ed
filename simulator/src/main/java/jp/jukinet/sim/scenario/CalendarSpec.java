package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * The header's {@code calendar}: the network runs on a simulated calendar starting at {@code clock}
 * and running at {@code clock_rate} ({@code up --clock … --clock-rate …}).
 */
public record CalendarSpec(
    @JsonProperty(value = "clock", required = true) String clock,
    @JsonProperty("clock_rate") String clockRate) {
  public CalendarSpec {
    toCalendar(clock, clockRate, Instant.now()); // refuses a bad date-time or rate here
  }

  /** The calendar, anchored at {@code now}. */
  public SimulatedCalendar calendar(Instant now) {
    return toCalendar(clock, clockRate, now);
  }

  private static SimulatedCalendar toCalendar(String clock, String rate, Instant now) {
    return SimulatedCalendar.parse(clock, rate == null ? "1s/1s" : rate, now);
  }
}
