package jp.jukinet.sim.populate;

import java.util.List;
import java.util.Map;
import jp.jukinet.sim.verify.VerifyReport;

/**
 * What {@code jukinet populate} did: residents planned, recorded and refused, the hard cases made,
 * how long it took and the rate, and the verification when asked for (null otherwise).
 */
public record PopulateReport(
    String topology,
    double scale,
    long seed,
    String asOf,
    int municipalities,
    long planned,
    long recorded,
    long failed,
    long variantKanji,
    Map<String, Long> variantSurnames,
    long sameNameAndBirthElsewhere,
    double seconds,
    double perSecond,
    List<String> errors,
    VerifyReport verify) {
  public PopulateReport {
    variantSurnames = Map.copyOf(variantSurnames);
    errors = List.copyOf(errors);
  }

  public boolean ok() {
    return failed == 0 && recorded == planned && (verify == null || verify.converged());
  }
}
