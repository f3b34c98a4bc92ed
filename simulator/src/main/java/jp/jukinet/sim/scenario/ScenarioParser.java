package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a scenario file strictly: malformed YAML, an unknown key, a duplicate key, a value of the
 * wrong kind, a node not in the topology, an impossible rate… each refused with the file, line,
 * column and reason, before anything starts. The header (topology, mode, calendar) is read first,
 * so that each step is judged against it ({@link Checked}).
 */
public final class ScenarioParser {
  private ScenarioParser() {}

  /** Reads and checks {@code file}. */
  public static Scenario parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScenarioException(file, 0, 0, "cannot read: " + e.getMessage());
    }
    return parse(file, text);
  }

  /** Reads and checks {@code text}, naming {@code file} in refusals. */
  public static Scenario parse(Path file, String text) {
    try {
      ScenarioContext context = context(text, file);
      return strictMapper(context).readValue(text, Scenario.class);
    } catch (JsonProcessingException e) {
      throw located(file, text, e);
    }
  }

  private static ObjectMapper strictMapper(ScenarioContext context) {
    YAMLMapper mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper.registerModule(
        new SimpleModule("scenario-checks")
            .setDeserializerModifier(CheckingDeserializer.modifier(context)));
    return mapper;
  }

  /** The header, read leniently: a refusal of its values comes from the strict pass, located. */
  private static ScenarioContext context(String text, Path file) throws JsonProcessingException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
    if (root == null || !root.isObject()) {
      throw new ScenarioException(file, 1, 1, "a scenario is a map (name, topology, timeline …)");
    }
    Topology topology = null;
    String topologyError = null;
    JsonNode t = root.get("topology");
    if (t != null && t.isTextual()) {
      try {
        topology = Topologies.resolve(t.asText().trim());
      } catch (RuntimeException e) {
        topologyError = "topology '" + t.asText() + "': " + e.getMessage();
      }
    }
    Mode mode = Mode.PROCESS;
    JsonNode m = root.get("mode");
    if (m != null && m.isTextual()) {
      try {
        mode = Mode.ofWord(m.asText());
      } catch (IllegalArgumentException e) {
        // refused, located, by the strict pass
      }
    }
    SimulatedCalendar calendar = null;
    JsonNode c = root.get("calendar");
    if (c != null && c.hasNonNull("clock")) {
      try {
        calendar =
            SimulatedCalendar.parse(
                c.get("clock").asText(),
                c.hasNonNull("clock_rate") ? c.get("clock_rate").asText() : "1s/1s",
                Instant.now());
      } catch (RuntimeException e) {
        // refused, located, by the strict pass
      }
    }
    return new ScenarioContext(topology, topologyError, mode, calendar);
  }

  private static ScenarioException located(Path file, String text, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
      // SnakeYAML's own mark is where the problem is (Jackson's is the last token it read);
      // when that is the end of the file, what was left open is the place to look.
      if (y.getContextMark() != null
          && y.getContext() != null
          && String.valueOf(y.getProblem()).contains("<stream end>")) {
        Mark open = y.getContextMark();
        return new ScenarioException(
            file,
            open.getLine() + 1,
            open.getColumn() + 1,
            "malformed YAML: the file ends inside the "
                + y.getContext().strip().replaceFirst("^while parsing (an? )?", "")
                + " that starts here ("
                + y.getProblem().strip()
                + ")");
      }
      Mark at = y.getProblemMark();
      return new ScenarioException(file, at.getLine() + 1, at.getColumn() + 1, malformedYaml(y));
    }
    JsonLocation at = e.getLocation();
    if (e instanceof UnrecognizedPropertyException u && u.getPath().size() == 1) {
      // The header is read whole before its keys are matched, so Jackson locates an unknown
      // top-level key at the end of the file; such keys start a line of their own.
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].startsWith(u.getPropertyName() + ":")) {
          return new ScenarioException(file, i + 1, 1, reason(e));
        }
      }
    }
    int line = at == null ? 0 : at.getLineNr();
    int column = at == null ? 0 : at.getColumnNr();
    return new ScenarioException(file, line, column, reason(e));
  }

  /** SnakeYAML's several lines (with a quoted excerpt) as one. */
  private static String malformedYaml(MarkedYAMLException y) {
    String problem = y.getProblem() == null ? "" : y.getProblem().strip();
    Mark context = y.getContextMark();
    return "malformed YAML: "
        + problem
        + (y.getContext() == null
            ? ""
            : " ("
                + y.getContext().strip()
                + (context == null
                    ? ""
                    : " at " + (context.getLine() + 1) + ":" + (context.getColumn() + 1))
                + ")")
        + (problem.contains("<block end>") ? "; check the indentation" : "");
  }

  private static String reason(JsonProcessingException e) {
    String path =
        e instanceof JsonMappingException m && !m.getPath().isEmpty()
            ? " (at " + path(m) + ")"
            : "";
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<Object> known = u.getKnownPropertyIds();
      return "unknown key '"
          + u.getPropertyName()
          + "'"
          + path
          + (known == null || known.isEmpty()
              ? ""
              : "; known keys: "
                  + known.stream()
                      .map(Object::toString)
                      .sorted()
                      .collect(Collectors.joining(", ")));
    }
    Throwable cause = e.getCause();
    if (e instanceof ValueInstantiationException && cause != null && cause.getMessage() != null) {
      return cause.getMessage() + path;
    }
    if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
      return cause.getMessage() + path;
    }
    String msg = e.getOriginalMessage();
    if (msg.startsWith("Duplicate field ")) {
      return "duplicate key " + msg.substring("Duplicate field ".length()) + path;
    }
    int cut = msg.indexOf("\n at [Source");
    return (cut > 0 ? msg.substring(0, cut) : msg) + path;
  }

  private static String path(JsonMappingException m) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
