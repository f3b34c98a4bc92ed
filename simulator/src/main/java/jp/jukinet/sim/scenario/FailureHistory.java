package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukinet.sim.report.FailureReport;

/**
 * The failures of a finished (or running) scenario run, read back from its {@code history.jsonl}:
 * its {@code failure} lines and the span of the run (its first and last line), each time as the
 * reports show it (simulated on a calendar).
 */
public record FailureHistory(List<FailureEvent> events, Instant from, Instant to) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LINE_KEYS = Set.of("t", "at", "sim", "type", "fault", "phase");

  /**
   * Reads {@code history}.
   *
   * @throws IllegalArgumentException naming the line when a line is not a history line
   * @throws IOException when the file cannot be read
   */
  public static FailureHistory read(Path history) throws IOException {
    List<FailureEvent> events = new ArrayList<>();
    Instant from = null;
    Instant to = null;
    try (BufferedReader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
      int n = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode j = JSON.readTree(line);
          long at = Instant.parse(j.path("at").asText()).toEpochMilli();
          Instant sim = j.hasNonNull("sim") ? Instant.parse(j.get("sim").asText()) : null;
          Instant shown = sim != null ? sim : Instant.ofEpochMilli(at);
          from = from == null ? shown : from;
          to = shown;
          if (FailureEvent.TYPE.equals(j.path("type").asText())) {
            events.add(event(j, at, sim));
          }
        } catch (JsonProcessingException | DateTimeParseException e) {
          throw new IllegalArgumentException(
              history
                  + " line "
                  + n
                  + " is not a history line: "
                  + (e instanceof JsonProcessingException j
                      ? j.getOriginalMessage()
                      : e.getMessage()),
              e);
        }
      }
    }
    if (from == null) {
      throw new IllegalArgumentException(history + " is empty");
    }
    return new FailureHistory(events, from, to);
  }

  private static FailureEvent event(JsonNode j, long at, Instant sim) {
    Map<String, String> fields = new LinkedHashMap<>();
    j.fields()
        .forEachRemaining(
            f -> {
              if (!LINE_KEYS.contains(f.getKey())) {
                fields.put(f.getKey(), f.getValue().asText());
              }
            });
    return new FailureEvent(j.path("fault").asInt(), j.path("phase").asText(), at, sim, fields);
  }

  public FailureReport report() {
    return FailureRows.report(events, from, to);
  }
}
