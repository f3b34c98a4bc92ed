package jp.jukinet.sim.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What {@code jukinet verify} found: every difference between a CS's records and those the
 * prefecture and national servers hold for its municipality, per node and municipality, the
 * replication lag of every link, and the nodes that did not answer by the deadline. When some did
 * not, the report is partial: it holds the differences among the nodes that did answer.
 *
 * @param differences each difference (at most {@link Verifier#MAX_LISTED} listed; counts are exact)
 * @param notAnswering the nodes that did not answer (or refused), each with why
 */
public record VerifyReport(
    long checkedAtMillis,
    int municipalities,
    long csRecords,
    List<NodeCount> counts,
    List<Difference> differences,
    long differenceCount,
    List<Lag> lag,
    List<NotAnswering> notAnswering) {

  /** Kinds of difference. */
  public enum Kind {
    /** At the CS, absent above. */
    MISSING,
    /** Above, not at the CS. */
    EXTRA,
    /** Present at both with different content. */
    STALE
  }

  /** One record that differs. */
  public record Difference(
      String node, String municipality, Kind kind, String juminhyoCode, String detail) {}

  /** Differences of one upper node for one municipality. */
  public record NodeCount(
      String node, String municipality, long records, long missing, long extra, long stale) {
    @JsonIgnore
    public long total() {
      return missing + extra + stale;
    }
  }

  /** Replication lag on one outbound link. */
  public record Lag(String node, String peer, long unackedChanges, long oldestUnackedAgeMillis) {}

  /**
   * A node that gave no records or status by the deadline, and why ("no answer within 20 s", a
   * refusal …).
   */
  public record NotAnswering(String node, String error) {}

  public VerifyReport {
    counts = List.copyOf(counts);
    differences = List.copyOf(differences);
    lag = List.copyOf(lag);
    notAnswering = List.copyOf(notAnswering);
    Objects.requireNonNull(counts);
  }

  /** Zero differences, zero lag and every node answered. */
  @JsonProperty("converged")
  public boolean converged() {
    return differenceCount == 0 && lag.isEmpty() && notAnswering.isEmpty();
  }

  /** Some node did not answer: the differences are those among the nodes that did. */
  @JsonProperty("partial")
  public boolean partial() {
    return !notAnswering.isEmpty();
  }
}
