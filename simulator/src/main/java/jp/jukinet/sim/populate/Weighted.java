package jp.jukinet.sim.populate;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Items drawn with probability proportional to their weight (a cumulative table, binary search).
 */
final class Weighted<T> {
  private final List<T> items;
  private final long[] cumulative;

  Weighted(List<T> items, long[] weights) {
    if (items.isEmpty() || items.size() != weights.length) {
      throw new IllegalArgumentException(
          items.size() + " items and " + weights.length + " weights: need as many, at least one");
    }
    this.items = List.copyOf(items);
    this.cumulative = new long[weights.length];
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        throw new IllegalArgumentException("weight " + weights[i] + " of " + items.get(i) + " < 0");
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("every weight is 0");
    }
  }

  T pick(SplittableRandom random) {
    long r = random.nextLong(cumulative[cumulative.length - 1]);
    int i = Arrays.binarySearch(cumulative, r + 1);
    return items.get(i >= 0 ? i : -i - 1);
  }

  int size() {
    return items.size();
  }

  List<T> items() {
    return items;
  }
}
