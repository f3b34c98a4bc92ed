package jp.jukinet.sim.network;

/** How a local network runs its nodes. */
public enum Mode {
  /** One OS process per node (the default for small topologies). */
  PROCESS("process"),
  /**
   * Every node in one JVM, sharing event loops; each node keeps its own socket and TLS identity.
   */
  IN_JVM("in-jvm");

  private final String word;

  Mode(String word) {
    this.word = word;
  }

  /** The word used in the state file and in output: "process" or "in-jvm". */
  public String word() {
    return word;
  }

  public static Mode ofWord(String word) {
    for (Mode m : values()) {
      if (m.word.equals(word)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + word + "' (process, in-jvm)");
  }
}
