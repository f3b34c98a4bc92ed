package jp.jukinet.sim.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print the result as one JSON document instead of text. */
public final class JsonMixin {
  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  public boolean json() {
    return json;
  }
}
