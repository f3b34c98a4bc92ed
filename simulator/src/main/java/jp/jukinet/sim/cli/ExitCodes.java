package jp.jukinet.sim.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every jukinet command, listed in the help of each. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command ran but did not succeed (links did not come up, a check failed). */
  public static final int FAILURE = 1;

  /** Bad command line or input file; nothing was changed. */
  public static final int INVALID_INPUT = 2;

  /**
   * The world is not in the state the command needs (network already running, node silent by the
   * deadline).
   */
  public static final int UNEXPECTED_STATE = 3;

  /** A bug or an unexpected error in jukinet itself. */
  public static final int INTERNAL = 4;

  private ExitCodes() {}

  /** For the "Exit codes:" section of the help. */
  public static Map<String, String> descriptions() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(OK + "", "OK: done.");
    m.put(
        FAILURE + "", "FAILURE: the command ran but did not succeed (e.g. links did not come up).");
    m.put(INVALID_INPUT + "", "INVALID_INPUT: bad command line or input; nothing was changed.");
    m.put(
        UNEXPECTED_STATE + "",
        "UNEXPECTED_STATE: e.g. a network already runs, or a node did not answer by the "
            + "deadline (--timeout): each such node is named, beside what the others answered.");
    m.put(INTERNAL + "", "INTERNAL: an unexpected error in jukinet.");
    return m;
  }
}
