package jp.jukinet.sim.bench.provision;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.transport.Connection;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * 即時提供 requests from agencies to the national server, one connection per agency. Two ways to drive
 * them:
 *
 * <ul>
 *   <li>{@link #closedLoop}: every connection keeps its window full; the rate is what the server
 *       sustains (the maximum), comparable with the reference peers' closed loop.
 *   <li>{@link #open}: requests are due at the times a {@link RatePlan.Segment} gives, whatever the
 *       answers do; latency counts from the due time (so a server that falls behind shows it, as
 *       wrk2 measures), and a request sent more than a millisecond after it was due (its
 *       connection's window was full) is counted as not sent on time.
 * </ul>
 */
public final class ImmediateLoad {
  private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Connection> lanes;
  private final ProvisionMix mix;
  private final KeyPool keys;
  private final int window;
  private final int openWindow;
  private final Map<String, Semaphore> slots = new java.util.HashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  /**
   * @param lanes each driven agency's connection, by agency id
   * @param window requests in flight per connection in the closed loop
   * @param openWindow at most this many in flight per connection in the open model: a request due
   *     while its connection has that many is sent when one answers, late
   */
  public ImmediateLoad(
      Map<String, Connection> lanes, ProvisionMix mix, KeyPool keys, int window, int openWindow) {
    this.lanes = Map.copyOf(lanes);
    this.mix = Objects.requireNonNull(mix, "mix");
    this.keys = Objects.requireNonNull(keys, "keys");
    if (window < 1) {
      throw new IllegalArgumentException("--window " + window + " must be at least 1");
    }
    this.window = window;
    this.openWindow = Math.max(window, openWindow);
    for (String a : mix.agencies()) {
      if (!lanes.containsKey(a)) {
        throw new IllegalArgumentException("no connection for agency " + a);
      }
      slots.put(a, new Semaphore(this.openWindow));
    }
  }

  /** What one measuring window saw. */
  public record Window(
      String plan,
      double seconds,
      long sent,
      long answered,
      long found,
      long refused,
      long failed,
      long late,
      Histogram latency,
      Histogram serviceTime) {
    public double achievedPerSecond() {
      return answered / seconds;
    }
  }

  /** Errors seen (at most ten). */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Every connection keeps its window full for {@code warmup}, then for {@code duration}. */
  public Window closedLoop(Duration warmup, Duration duration) throws InterruptedException {
    Counters warm = new Counters();
    runClosed(warmup, warm);
    Counters c = new Counters();
    long t0 = System.nanoTime();
    runClosed(duration, c);
    return c.window("closed-loop", (System.nanoTime() - t0) / 1e9);
  }

  private void runClosed(Duration d, Counters c) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    SplittableRandom seed = new SplittableRandom(d.toNanos());
    List<CompletableFuture<Void>> done = new java.util.ArrayList<>();
    for (String agency : mix.agencies()) {
      SplittableRandom r = seed.split();
      for (int w = 0; w < window; w++) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        done.add(f);
        closedNext(agency, r.split(), end, c, f);
      }
    }
    try {
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
          .get(d.toMillis() + REQUEST_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      note("closed loop did not finish: " + e);
    }
  }

  private void closedNext(
      String agency, SplittableRandom r, long end, Counters c, CompletableFuture<Void> done) {
    long now = System.nanoTime();
    if (now >= end) {
      done.complete(null);
      return;
    }
    Jimu jimu;
    synchronized (r) {
      jimu = mix.nextOf(agency, r);
    }
    send(agency, jimu, r, now, now, c).whenComplete((v, e) -> closedNext(agency, r, end, c, done));
  }

  /**
   * Sends at the rates of {@code segment} for {@code duration} (after {@code warmup} at its
   * starting rate) and waits for the answers.
   */
  public Window open(RatePlan.Segment segment, Duration warmup, Duration duration)
      throws InterruptedException {
    if (!warmup.isZero()) {
      runOpen(new RatePlan.Segment(segment.from(), segment.from()), warmup, new Counters());
    }
    Counters c = new Counters();
    double secs = runOpen(segment, duration, c);
    return c.window(segment.describe(), secs);
  }

  private double runOpen(RatePlan.Segment segment, Duration duration, Counters c)
      throws InterruptedException {
    SplittableRandom r = new SplittableRandom(duration.toNanos() ^ (long) segment.from());
    long t0 = System.nanoTime();
    long n = segment.count(duration);
    for (long i = 0; i < n; i++) {
      long due = t0 + segment.dueNanos(i, duration);
      long now;
      while ((now = System.nanoTime()) < due) {
        long wait = due - now;
        if (wait > 100_000) {
          LockSupport.parkNanos(wait - 50_000);
        } else {
          Thread.onSpinWait();
        }
      }
      Jimu jimu = mix.next(r);
      Semaphore slot = slots.get(jimu.agencyId());
      slot.acquire();
      long sent = System.nanoTime();
      if (sent - due > LATE_NANOS) {
        c.late.incrementAndGet();
      }
      sendHeld(jimu.agencyId(), jimu, r, due, sent, c);
    }
    // The window ends when its last request is due; its answers are awaited, not counted in it.
    double secs = (System.nanoTime() - t0) / 1e9;
    for (Semaphore s : slots.values()) {
      if (s.tryAcquire(openWindow, REQUEST_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        s.release(openWindow);
      } else {
        note("answers still missing after " + REQUEST_TIMEOUT.plusSeconds(5));
      }
    }
    return secs;
  }

  private CompletableFuture<Void> send(
      String agency, Jimu jimu, SplittableRandom r, long due, long sent, Counters c) {
    try {
      slots.get(agency).acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.completedFuture(null);
    }
    return sendHeld(agency, jimu, r, due, sent, c);
  }

  /** Sends with a window slot already held; releases it on the answer. */
  private CompletableFuture<Void> sendHeld(
      String agency, Jimu jimu, SplittableRandom r, long due, long sent, Counters c) {
    SingleProvisionRequest.Builder req = SingleProvisionRequest.newBuilder().setJimuCode(jimu.id());
    synchronized (r) {
      req.setKey(keys.next(r));
    }
    c.sent.incrementAndGet();
    return lanes
        .get(agency)
        .request(Envelope.newBuilder().setSingleProvisionRequest(req), REQUEST_TIMEOUT)
        .handle(
            (resp, err) -> {
              long now = System.nanoTime();
              slots.get(agency).release();
              if (err != null) {
                c.failed.incrementAndGet();
                note(agency + ": " + err);
              } else if (resp.hasSingleProvisionResponse()) {
                c.answered.incrementAndGet();
                if (resp.getSingleProvisionResponse().getMatchesCount() > 0) {
                  c.found.incrementAndGet();
                }
                c.latency.recordValue(Math.max(1, (now - due) / 1000));
                c.service.recordValue(Math.max(1, (now - sent) / 1000));
              } else if (resp.hasError()) {
                c.refused.incrementAndGet();
                note(agency + " " + jimu.id() + ": " + resp.getError().getMessage());
              } else {
                c.failed.incrementAndGet();
                note(agency + ": answered " + resp.getBodyCase());
              }
              return null;
            });
  }

  private void note(String error) {
    if (errors.size() < 10) {
      errors.add(error);
    }
  }

  private static final class Counters {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong found = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final Recorder latency = new Recorder(TimeUnit.MINUTES.toMicros(5), 3);
    final Recorder service = new Recorder(TimeUnit.MINUTES.toMicros(5), 3);

    Window window(String plan, double secs) {
      return new Window(
          plan,
          secs,
          sent.get(),
          answered.get(),
          found.get(),
          refused.get(),
          failed.get(),
          late.get(),
          latency.getIntervalHistogram(),
          service.getIntervalHistogram());
    }
  }
}
