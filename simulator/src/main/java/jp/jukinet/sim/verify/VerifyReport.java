package jp.jukinet.sim.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What {@code jukinet verify} found: every difference between a CS's records and those the
 * prefecture and national servers hold for its municipality, per node and municipality, the
 * replication lag of every link, and the nodes that could not be read.
 *
 * @param differences each difference (at most {@link Verifier#MAX_LISTED} listed; counts are exact)
 */
public record VerifyReport(long checkedAtMillis, int municipalities, long csRecords, List<NodeCount> counts,
    List<Difference> differences, long differenceCount, List<Lag> lag, List<String> unreadable) {

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
  public record Difference(String node, String municipality, Kind kind, String juminhyoCode, String detail) {}

  /** Differences of one upper node for one municipality. */
  public record NodeCount(String node, String municipality, long records, long missing, long extra, long stale) {
    @JsonIgnore
    public long total() {
      return missing + extra + stale;
    }
  }

  /** Replication lag on one outbound link. */
  public record Lag(String node, String peer, long unackedChanges, long oldestUnackedAgeMillis) {}

  public VerifyReport {
    counts = List.copyOf(counts);
    differences = List.copyOf(differences);
    lag = List.copyOf(lag);
    unreadable = List.copyOf(unreadable);
    Objects.requireNonNull(counts);
  }

  /** Zero differences, zero lag and every node read. */
  @JsonProperty("converged")
  public boolean converged() {
    return differenceCount == 0 && lag.isEmpty() && unreadable.isEmpty();
  }
}
