package jp.jukinet.sim.populate;

import java.util.Objects;

/**
 * Which municipality the next request of a {@link Populator} goes to: the one with the most
 * residents left per request it has in flight, so that each CS holds requests in proportion to the
 * work it has left and all finish at about the same time; but never more than {@link
 * #RESIDENTS_PER_CS} residents' worth at one CS, whose single writer commits all it holds as one
 * group: a few requests keep it busy, and more only make that group, and the memory it holds,
 * larger (the largest CS, left alone at the end, took the whole window). Thread-safe.
 */
final class Slots {
  /** Residents {@code from} (inclusive) to {@code to} (exclusive) of municipality {@code place}. */
  record Range(int place, long from, long to) {
    long size() {
      return to - from;
    }
  }

  /** About the most residents in flight at one CS (at least two requests). */
  static final int RESIDENTS_PER_CS = 4000;

  private final PopulationPlan plan;
  private final int perRequest;
  private final int perCs; // requests in flight at one CS at most
  private final long[] next; // per municipality: its next resident not yet claimed
  private final int[] inFlight; // per municipality: its requests claimed and not yet done

  Slots(PopulationPlan plan, int perRequest) {
    this.plan = Objects.requireNonNull(plan, "plan");
    if (perRequest < 1) {
      throw new IllegalArgumentException("residents per request " + perRequest + " must be >= 1");
    }
    this.perRequest = perRequest;
    this.perCs = Math.max(2, RESIDENTS_PER_CS / perRequest);
    int n = plan.places().size();
    this.next = new long[n];
    this.inFlight = new int[n];
    for (int m = 0; m < n; m++) {
      next[m] = plan.first(m);
    }
  }

  /**
   * The next request's worth of residents; null when every resident was claimed, or every CS with
   * residents left has as many requests in flight as it may (its slot is filled again by {@link
   * #done}'s caller).
   */
  synchronized Range claim() {
    int best = -1;
    double bestScore = 0;
    for (int m = 0; m < next.length; m++) {
      long left = plan.first(m) + plan.count(m) - next[m];
      if (left > 0 && inFlight[m] < perCs) {
        double score = (double) left / (inFlight[m] + 1);
        if (score > bestScore) {
          best = m;
          bestScore = score;
        }
      }
    }
    if (best < 0) {
      return null;
    }
    long from = next[best];
    long to = Math.min(plan.first(best) + plan.count(best), from + perRequest);
    next[best] = to;
    inFlight[best]++;
    return new Range(best, from, to);
  }

  /** The request of {@code range} was answered (or failed): its municipality has one less. */
  synchronized void done(Range range) {
    inFlight[range.place()]--;
  }

  /** Requests claimed and not yet done for municipality {@code place}. */
  synchronized int inFlight(int place) {
    return inFlight[place];
  }
}
