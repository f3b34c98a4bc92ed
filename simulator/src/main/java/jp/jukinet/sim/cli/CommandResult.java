package jp.jukinet.sim.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a command prints ({@link BaseCommand#emit}): with {@code --json} the result itself as one
 * JSON document, else its {@link #text()}.
 */
public interface CommandResult {
  /** The text form: whole lines, each ending in a line separator. */
  @JsonIgnore
  String text();

  /**
   * {@code value} in JSON, and the lines {@code printer} writes as text (a report that prints
   * itself as a table).
   */
  static CommandResult of(Object value, Consumer<PrintWriter> printer) {
    return new Printed(value, printer);
  }

  /** See {@link #of}. */
  record Printed(Object value, Consumer<PrintWriter> printer) implements CommandResult {
    public Printed {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(printer, "printer");
    }

    @Override
    @JsonValue
    public Object value() {
      return value;
    }

    @Override
    public String text() {
      StringWriter text = new StringWriter();
      try (PrintWriter out = new PrintWriter(text)) {
        printer.accept(out);
      }
      return text.toString();
    }
  }
}
