package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A run's report.json, read for {@link ReportComparison} and checked for what it reads (other
 * fields, such as sections a newer run adds, are left alone).
 *
 * @param file the report.json
 * @param given the path named on the command line (a results directory or the file)
 */
record ReportFile(Path file, Path given, JsonNode root) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ReportFile read(Path given) {
    Path file = Files.isDirectory(given) ? given.resolve("report.json") : given;
    if (!Files.isRegularFile(file)) {
      throw new ReportComparison.BadReport(
          file + ": no such file (a scenario run's results directory holds one)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ReportComparison.BadReport(
          file
              + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": not JSON: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ReportComparison.BadReport(file + ": cannot read: " + e.getMessage());
    }
    ReportFile r = new ReportFile(file, given, root);
    if (root == null || !root.isObject()) {
      throw r.bad("not a JSON object");
    }
    for (String text : List.of("scenario", "result")) {
      r.need(text, JsonNode::isTextual, "a string");
    }
    for (String number : List.of("seconds", "ok", "failed", "requested")) {
      r.need(number, JsonNode::isNumber, "a number");
    }
    for (String list : List.of("operations", "steps", "checks", "thresholds", "faults")) {
      r.need(list, JsonNode::isArray, "a list");
    }
    r.need("latency", JsonNode::isObject, "an object");
    r.need("latencyByOperation", JsonNode::isObject, "an object");
    return r;
  }

  private void need(String field, Predicate<JsonNode> kind, String what) {
    JsonNode v = root.get(field);
    if (v == null || !kind.test(v)) {
      throw bad("'" + field + "' is " + (v == null ? "missing" : "not " + what));
    }
  }

  ReportComparison.BadReport bad(String why) {
    return new ReportComparison.BadReport(file + ": not a scenario report: " + why);
  }

  ReportComparison.Run run() {
    return new ReportComparison.Run(
        given.toString(),
        root.get("scenario").asText(),
        root.path("topology").asText(""),
        root.path("mode").asText(""),
        root.get("result").asText(),
        root.get("seconds").asDouble());
  }

  /** Seconds the timeline lasted: the rates' denominator. */
  double timelineSeconds() {
    double end = 0;
    for (JsonNode s : root.get("steps")) {
      end = Math.max(end, s.path("endMs").asDouble() / 1000);
    }
    return end > 0 ? end : root.get("seconds").asDouble();
  }

  /** Items of the list {@code field} by key; a key seen again gets " #2", " #3" … */
  Map<String, JsonNode> byKey(String field, Function<JsonNode, String> key) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (JsonNode n : root.get(field)) {
      if (!n.isObject()) {
        throw bad("an item of '" + field + "' is not an object");
      }
      String k = key.apply(n);
      int i = seen.merge(k, 1, Integer::sum);
      out.put(i == 1 ? k : k + " #" + i, n);
    }
    return out;
  }
}
