package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.protocol.config.SimulatedCalendar;

/**
 * The run's history, {@code history.jsonl}: one JSON object per line for every operation, fault,
 * step and check, each with its real time ({@code t}: ms since the run started; {@code at}) and, on
 * a calendar, its simulated time ({@code sim}).
 */
final class History implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter out;
  private final long startMillis;
  private final SimulatedCalendar calendar;

  History(Path file, long startMillis, SimulatedCalendar calendar) {
    try {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    this.startMillis = startMillis;
    this.calendar = calendar;
  }

  /** Appends an event of {@code type} at {@code atMillis} (epoch) with its fields. */
  synchronized void record(String type, long atMillis, Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("t", atMillis - startMillis);
    line.put("at", Instant.ofEpochMilli(atMillis).toString());
    if (calendar != null) {
      line.put("sim", calendar.at(Instant.ofEpochMilli(atMillis)).toString());
    }
    line.put("type", type);
    line.putAll(fields);
    try {
      out.write(JSON.writeValueAsString(line));
      out.newLine();
      out.flush(); // read while the run goes on (tail -f, a test waiting for a fault)
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a history line: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the history", e);
    }
  }
}
