package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV lines: a field with a comma, quote or line break is quoted, quotes doubled. */
final class Csv {
  private Csv() {}

  static void line(PrintWriter out, Object... fields) {
    out.print(
        List.of(fields).stream()
            .map(f -> quote(String.valueOf(f)))
            .collect(Collectors.joining(",")));
    out.print("\r\n");
  }

  static String quote(String field) {
    if (field.contains(",")
        || field.contains("\"")
        || field.contains("\n")
        || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }
}
