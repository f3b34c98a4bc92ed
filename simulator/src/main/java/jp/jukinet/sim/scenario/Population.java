package jp.jukinet.sim.scenario;

/**
 * The residents registered before the timeline starts: {@code births} 出生 through the CSs, spread
 * over the municipalities by population, chosen by {@code seed} (which also seeds every later
 * choice of the run).
 */
public record Population(Integer births, Long seed) {
  public Population {
    if (births == null) {
      births = 0;
    }
    if (births < 0 || births > 1_000_000) {
      throw new IllegalArgumentException("population: births " + births + " must be 0..1000000");
    }
    if (seed == null) {
      seed = 1L;
    }
  }
}
