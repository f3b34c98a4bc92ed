package jp.jukinet.sim.scenario;

/**
 * The residents registered before the timeline starts: {@code scale} × each municipality's
 * population as 職権記載 (the residents of {@code jukinet populate --scale --seed}: names with
 * readings, ages after the age pyramid), then {@code births} 出生 through the CSs, spread over the
 * municipalities by population, chosen by {@code seed} (which also seeds every later choice of the
 * run).
 *
 * @param scale fraction of each municipality's population, 0 (none) to 1
 */
public record Population(Integer births, Double scale, Long seed) {
  public Population {
    if (births == null) {
      births = 0;
    }
    if (births < 0 || births > 1_000_000) {
      throw new IllegalArgumentException("population: births " + births + " must be 0..1000000");
    }
    if (scale == null) {
      scale = 0.0;
    }
    if (!(scale >= 0) || scale > 1) {
      throw new IllegalArgumentException("population: scale " + scale + " must be 0..1");
    }
    if (seed == null) {
      seed = 1L;
    }
  }
}
