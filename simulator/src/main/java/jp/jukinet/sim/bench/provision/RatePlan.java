package jp.jukinet.sim.bench.provision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arrival rates an open-model run asks for: one constant rate ({@code 2000}), a linear ramp
 * over one measuring window ({@code 1000-8000}), or steps, each its own window ({@code
 * 1000,2000,4000}). Requests are sent at their intended times whatever the answers do (the open
 * model), so latency is measured from the intended time, not from when a request could be sent.
 */
public record RatePlan(List<Segment> segments) {
  /** One measuring window: the rate goes from {@code from} to {@code to} per second. */
  public record Segment(double from, double to) {
    public Segment {
      if (!(from > 0) || !(to > 0) || from > 10_000_000 || to > 10_000_000) {
        throw new IllegalArgumentException(
            "a rate must be above 0 and at most 10,000,000 per second, got " + from + "-" + to);
      }
    }

    /**
     * When request {@code i} (from 0) is due, in nanoseconds after the window's start; the window
     * lasts {@code window}.
     */
    public long dueNanos(long i, Duration window) {
      double d = window.toNanos() / 1e9;
      if (from == to) {
        return (long) (i / from * 1e9);
      }
      // Requests sent by t: n(t) = from*t + (to-from)*t^2/(2d); t for n = i.
      double a = (to - from) / (2 * d);
      double t = (-from + Math.sqrt(from * from + 4 * a * i)) / (2 * a);
      return (long) (t * 1e9);
    }

    /** The number of requests the window holds. */
    public long count(Duration window) {
      double d = window.toNanos() / 1e9;
      return (long) Math.floor((from + to) / 2 * d);
    }

    public String describe() {
      return from == to
          ? String.format(Locale.ROOT, "%.0f/s", from)
          : String.format(Locale.ROOT, "%.0f→%.0f/s", from, to);
    }
  }

  public RatePlan {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a rate plan needs at least one rate");
    }
  }

  /** Parses {@code 2000}, {@code 1000-8000} or {@code 1000,2000,4000}. */
  public static RatePlan parse(String text) {
    String t = text.strip();
    try {
      if (t.contains(",")) {
        List<Segment> steps = new ArrayList<>();
        for (String s : t.split(",")) {
          double r = Double.parseDouble(s.strip());
          steps.add(new Segment(r, r));
        }
        return new RatePlan(steps);
      }
      int dash = t.indexOf('-', 1);
      if (dash > 0) {
        return new RatePlan(
            List.of(
                new Segment(
                    Double.parseDouble(t.substring(0, dash)),
                    Double.parseDouble(t.substring(dash + 1)))));
      }
      double r = Double.parseDouble(t);
      return new RatePlan(List.of(new Segment(r, r)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--rate '"
              + text
              + "' is not a rate: give requests per second as 2000, a ramp 1000-8000 or steps 1000,2000,4000");
    }
  }

  /** Steps at these fractions of {@code max} per second. */
  public static RatePlan fractionsOf(double max, double... fractions) {
    List<Segment> steps = new ArrayList<>();
    for (double f : fractions) {
      double r = Math.max(1, Math.floor(max * f));
      steps.add(new Segment(r, r));
    }
    return new RatePlan(steps);
  }
}
