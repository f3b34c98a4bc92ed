package jp.jukinet.sim.scenario;

/**
 * What a check answered.
 *
 * @param status pass, fail or unknown (the network could not be asked: a node silent)
 * @param seconds how long the check took (for convergence: how long the network took to converge)
 * @param atMs when it ended, ms since the run started
 */
public record CheckResult(String name, String status, String detail, double seconds, long atMs) {
  public static final String PASS = "pass";
  public static final String FAIL = "fail";
  public static final String UNKNOWN = "unknown";

  public boolean passed() {
    return PASS.equals(status);
  }
}
