package jp.jukinet.sim.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * Which calendar a network started by {@code up} runs on: the one its run directory recorded at the
 * first {@code up} (a restart keeps it), a new one from {@code --clock} and {@code --clock-rate} on
 * a new network, or the wall clock. A calendar that would make the network's time run backwards or
 * jump (another start on a network that has one, or any on a network that ran on the wall clock) is
 * refused.
 */
public final class CalendarChoice {
  private CalendarChoice() {}

  /**
   * Decides, and records a new calendar in {@code dir}.
   *
   * @param clock {@code --clock}, or null
   * @param rate {@code --clock-rate}, or null (one simulated second per second)
   * @param now the real instant a new calendar starts at
   */
  public static Optional<SimulatedCalendar> decide(
      RunDirectory dir, String clock, String rate, Instant now) {
    Optional<SimulatedCalendar> recorded = dir.readCalendar();
    if (clock == null) {
      if (rate != null) {
        throw new IllegalArgumentException(
            "--clock-rate needs --clock (the simulated date-time the calendar starts at)");
      }
      return recorded;
    }
    SimulatedCalendar asked = SimulatedCalendar.parse(clock, rate == null ? "1s/1s" : rate, now);
    if (recorded.isPresent()) {
      SimulatedCalendar r = recorded.get();
      if (r.start().equals(asked.start()) && r.rate() == asked.rate()) {
        return recorded;
      }
      throw new IllegalArgumentException(
          "the network in "
              + dir.root()
              + " runs on the calendar "
              + r.describe()
              + " (now "
              + r.at(now)
              + "); --clock "
              + clock
              + (rate == null ? "" : " --clock-rate " + rate)
              + " would make its time run backwards or jump: start it without --clock, or use another --dir");
    }
    if (hasNodeData(dir)) {
      throw new IllegalArgumentException(
          "the network in "
              + dir.root()
              + " ran on the wall clock; a simulated calendar would make its time run backwards or jump: "
              + "start it without --clock, or use another --dir");
    }
    dir.writeCalendar(asked);
    return Optional.of(asked);
  }

  private static boolean hasNodeData(RunDirectory dir) {
    Path nodes = dir.root().resolve("nodes");
    if (Files.isDirectory(dir.sharedStoreDir())) {
      return true;
    }
    if (!Files.isDirectory(nodes)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(nodes, 3)) {
      return s.anyMatch(p -> p.getFileName().toString().equals("data") && Files.isDirectory(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + nodes, e);
    }
  }
}
