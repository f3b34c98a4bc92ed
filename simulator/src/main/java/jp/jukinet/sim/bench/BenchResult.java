package jp.jukinet.sim.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RESULT key=value …} line, the format every benchmark JVM (jukinet's and the reference
 * peers') ends with, so all figures are read by one parser.
 */
public record BenchResult(Map<String, String> fields) {
  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

  public BenchResult {
    fields = Map.copyOf(fields);
    if (!fields.containsKey("ops_per_s")) {
      throw new IllegalArgumentException("RESULT line has no ops_per_s field: " + fields);
    }
  }

  /** The last line starting with "RESULT " in {@code output}, if any. */
  public static Optional<BenchResult> lastIn(String output) {
    BenchResult found = null;
    for (String line : output.split("\\R")) {
      if (line.startsWith("RESULT ")) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line.substring("RESULT ".length()));
        while (m.find()) {
          f.put(m.group(1), m.group(2));
        }
        if (f.containsKey("ops_per_s")) {
          found = new BenchResult(f);
        }
      }
    }
    return Optional.ofNullable(found);
  }

  public String name() {
    return fields.getOrDefault("name", "?");
  }

  public double opsPerSecond() {
    return Double.parseDouble(fields.get("ops_per_s"));
  }

  /** ops per CPU-second, when the line has it. */
  public Optional<Double> opsPerCpuSecond() {
    return Optional.ofNullable(fields.get("ops_per_cpu_s")).map(Double::parseDouble);
  }

  public String get(String key) {
    return fields.get(key);
  }
}
