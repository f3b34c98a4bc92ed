package jp.jukinet.sim.scenario;

/**
 * A part of a scenario checked against its header as soon as it is read, so that a refusal names
 * the line and column where it starts ({@link ScenarioParser}).
 */
interface Checked {
  /**
   * @throws IllegalArgumentException saying what is wrong
   */
  void check(ScenarioContext context);
}
