package jp.jukinet.sim.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import jp.jukinet.sim.verify.VerifyReport;

/**
 * What {@code jukinet demo} did and found.
 *
 * @param rows one per operation, in {@link DemoOperation} order
 * @param moveOutConfirmations the moves (ordinary and 特例) whose old CS was checked for 転出確定
 * @param moveOutConfirmed how many of them show 転出確定 in the old CS's history
 * @param unconfirmed moves still without 転出確定 (old CS and 住民票コード; at most a few listed)
 * @param verify the verifier's last report
 */
public record DemoReport(
    String topology,
    long seed,
    int municipalities,
    int prefectures,
    double seconds,
    List<Row> rows,
    long moveOutConfirmations,
    long moveOutConfirmed,
    List<String> unconfirmed,
    VerifyReport verify) {

  /**
   * One operation's counts.
   *
   * @param withinPrefecture moves between municipalities of one prefecture (moves only)
   * @param acrossPrefectures moves to another prefecture (moves only)
   * @param failures the first few failure messages
   */
  public record Row(
      String operation,
      String japanese,
      long succeeded,
      long failed,
      long withinPrefecture,
      long acrossPrefectures,
      List<String> failures) {}

  public DemoReport {
    rows = List.copyOf(rows);
    unconfirmed = List.copyOf(unconfirmed);
  }

  /**
   * Every operation succeeded, every move was confirmed at its old CS, and the network converged.
   */
  @JsonProperty("ok")
  public boolean ok() {
    return rows.stream().allMatch(r -> r.failed() == 0)
        && moveOutConfirmed == moveOutConfirmations
        && verify.converged();
  }
}
