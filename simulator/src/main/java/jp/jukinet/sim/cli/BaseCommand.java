package jp.jukinet.sim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import jp.jukinet.sim.status.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every jukinet command shares: output through the injected writers and exit codes. */
public abstract class BaseCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code result} as JSON with {@code --json}, else as text. */
  protected void emit(JsonMixin format, CommandResult result) {
    if (format.json()) {
      printJson(result);
    } else {
      out().print(result.text());
      out().flush();
    }
  }

  /** Prints one JSON document on the output. */
  protected void printJson(Object value) {
    try {
      out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out().flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
    }
  }
}
