package jp.jukinet.sim.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import org.HdrHistogram.Histogram;

/**
 * {@code jukinet bench changes}: 出生 driven into many CSs of a running network at once ({@link
 * BirthLoad}); the figure is the rate of changes applied END TO END at the national server (its
 * {@code changes_applied} counter over the measuring window), with the operator's acknowledgement
 * latency and, for a sample of births, the latency until the national server reports the change
 * applied (resolution: the status polling interval).
 */
public final class ChangesBench {
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int SAMPLE_EVERY = 97;

  /** What to run. {@code css} 0 means every CS of the network. */
  public record Options(RunDirectory dir, int css, int window, Duration warmup, Duration duration) {
    public Options {
      Objects.requireNonNull(dir, "dir");
      if (css < 0) {
        throw new IllegalArgumentException("--css " + css + " must be 0 (all) or more");
      }
      if (window < 1 || window > 10_000) {
        throw new IllegalArgumentException("--window " + window + " must be 1..10000");
      }
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("--duration " + duration + " must be positive");
      }
      if (warmup.isNegative()) {
        throw new IllegalArgumentException("--warmup " + warmup + " must not be negative");
      }
    }
  }

  /** The outcome, with the RESULT line. */
  public record Result(
      String mode,
      int css,
      int window,
      double opsPerSec,
      double operatorOpsPerSec,
      double p50Us,
      double p99Us,
      double p999Us,
      double e2eP50Us,
      double e2eP99Us,
      long e2eSamples,
      long failed,
      Map<String, Double> nodeCpuUsPerChange,
      long backlogCs,
      long backlogPrefecture,
      String result) {
    public Result {
      nodeCpuUsPerChange = Map.copyOf(nodeCpuUsPerChange);
    }
  }

  private ChangesBench() {}

  public static Result run(Options o, NetworkState state) throws InterruptedException {
    BenchTargets targets = BenchTargets.of(state, o.dir(), o.css());
    Map<PeerId, InetSocketAddress> css = targets.css();
    Map<PeerId, InetSocketAddress> all = targets.all();
    PeerId national = targets.national();
    InetSocketAddress nationalAddress = targets.nationalAddress();
    Map<PeerId, InetSocketAddress> ns = Map.of(national, nationalAddress);
    try (NodeRuntime runtime = NodeRuntime.create(2, 1);
        StatusCollector status =
            new StatusCollector(
                runtime.transport(),
                NodeTls.load(o.dir().pkiDir(), StatusCollector.MONITOR),
                TransportSettings.defaults());
        BirthLoad load =
            BirthLoad.start(
                runtime.transport(),
                o.dir().pkiDir(),
                css,
                o.window(),
                Long.MAX_VALUE,
                SAMPLE_EVERY)) {
      Histogram e2e = new Histogram(Duration.ofMinutes(5).toNanos() / 1000, 3);
      List<BirthLoad.Sample> waiting = new ArrayList<>();
      long warmEnd = System.nanoTime() + o.warmup().toNanos();
      while (System.nanoTime() < warmEnd) {
        poll(status, ns, load, waiting, null);
      }
      load.latency().getIntervalHistogram(); // discard the warm-up
      long ackedStart = load.acked();
      NodeCpu cpu = NodeCpu.of(state);
      NodeStatus s0 = poll(status, ns, load, waiting, null);
      Map<String, Long> cpu0 = cpu.sampleMicros();
      long t0 = System.nanoTime();
      long end = t0 + o.duration().toNanos();
      NodeStatus last = s0;
      while (System.nanoTime() < end) {
        NodeStatus s = poll(status, ns, load, waiting, e2e);
        if (s != null) {
          last = s;
        }
      }
      Map<String, Long> cpu1 = cpu.sampleMicros();
      long t1 = System.nanoTime();
      long ackedEnd = load.acked();
      Histogram op = load.latency().getIntervalHistogram();
      // Where changes wait at the end of the window: if these grow with the duration, a hop is
      // behind.
      long backlogCs = 0;
      long backlogPref = 0;
      for (StatusCollector.Answer a : status.collect(all, Duration.ofSeconds(10))) {
        if (a.answered()) {
          backlogCs += a.status().getCountersOrDefault("outbox_size", 0);
          backlogPref += a.status().getCountersOrDefault("changes_unacked_upstream", 0);
        }
      }
      load.stop();
      if (s0 == null || last == null) {
        throw new IllegalStateException("the national server did not answer status requests");
      }
      double secs = (t1 - t0) / 1e9;
      long changes = applied(last) - applied(s0);
      double rate = changes / secs;
      // The window between the two status answers and the two CPU samples is the same to within a
      // poll.
      Map<String, Double> perChange = NodeCpu.perChange(cpu0, cpu1, changes);
      double opRate = (ackedEnd - ackedStart) / secs;
      String line =
          String.format(
              Locale.ROOT,
              "RESULT name=jukinet-changes ops_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f mode=%s css=%d window=%d "
                  + "operator_ops_per_s=%.0f e2e_p50_us=%.0f e2e_p99_us=%.0f e2e_samples=%d failed=%d node_cpu_us_per_change=%.0f "
                  + "backlog_cs=%d backlog_prefecture=%d",
              rate,
              pct(op, 50),
              pct(op, 99),
              pct(op, 99.9),
              state.mode(),
              css.size(),
              o.window(),
              opRate,
              pct(e2e, 50),
              pct(e2e, 99),
              e2e.getTotalCount(),
              load.failed(),
              perChange.getOrDefault("all", 0.0),
              backlogCs,
              backlogPref);
      return new Result(
          state.mode(),
          css.size(),
          o.window(),
          rate,
          opRate,
          pct(op, 50),
          pct(op, 99),
          pct(op, 99.9),
          pct(e2e, 50),
          pct(e2e, 99),
          e2e.getTotalCount(),
          load.failed(),
          perChange,
          backlogCs,
          backlogPref,
          line);
    }
  }

  private static double pct(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
  }

  private static long applied(NodeStatus s) {
    return s.getCountersOrDefault("changes_applied", 0);
  }

  /** One status poll of the national server; records the sampled births it now reports applied. */
  private static NodeStatus poll(
      StatusCollector status,
      Map<PeerId, InetSocketAddress> ns,
      BirthLoad load,
      List<BirthLoad.Sample> waiting,
      Histogram e2e)
      throws InterruptedException {
    long started = System.nanoTime();
    StatusCollector.Answer a = status.collect(ns, Duration.ofSeconds(5)).get(0);
    long now = System.nanoTime();
    waiting.addAll(load.takeSamples());
    NodeStatus s = a.answered() ? a.status() : null;
    if (s != null) {
      for (Iterator<BirthLoad.Sample> it = waiting.iterator(); it.hasNext(); ) {
        BirthLoad.Sample sample = it.next();
        if (s.getCountersOrDefault("applied." + sample.cs(), 0) >= sample.sequence()) {
          if (e2e != null) {
            e2e.recordValue(Math.max(1, (now - sample.sentNanos()) / 1000));
          }
          it.remove();
        }
      }
    }
    long left = POLL.toNanos() - (System.nanoTime() - started);
    if (left > 0) {
      Thread.sleep(
          left / 1_000_000, (int) (left % 1_000_000)); // the polling interval of a benchmark
    }
    return s;
  }

  /** The human summary. */
  public static String summary(Result r) {
    return String.format(
            Locale.ROOT,
            "%s mode, %d CSs x %d in flight: %,.0f changes/s applied at the national server end to end "
                + "(operators acknowledged %,.0f/s); operator ack p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms; "
                + "end to end p50 %.0f ms, p99 %.0f ms over %d samples; %d failed; at the end %,d changes waited in CS "
                + "outboxes and %,d in prefecture outboxes",
            r.mode(),
            r.css(),
            r.window(),
            r.opsPerSec(),
            r.operatorOpsPerSec(),
            r.p50Us() / 1000,
            r.p99Us() / 1000,
            r.p999Us() / 1000,
            r.e2eP50Us() / 1000,
            r.e2eP99Us() / 1000,
            r.e2eSamples(),
            r.failed(),
            r.backlogCs(),
            r.backlogPrefecture())
        + System.lineSeparator()
        + cpuLine(r.nodeCpuUsPerChange());
  }

  /** "node cpu per change: N µs" and, with more than one kind of process, the figure per kind. */
  static String cpuLine(Map<String, Double> perChange) {
    if (perChange.isEmpty()) {
      return "node cpu per change: n/a (no change applied in the window)";
    }
    StringBuilder sb =
        new StringBuilder(
            String.format(Locale.ROOT, "node cpu per change: %.0f µs", perChange.get("all")));
    List<String> kinds = new ArrayList<>();
    for (String kind : List.of("CS", "prefecture", "national", "host")) {
      if (perChange.containsKey(kind)) {
        kinds.add(String.format(Locale.ROOT, "%s %.0f µs", kind, perChange.get(kind)));
      }
    }
    if (kinds.size() > 1) {
      sb.append(" (").append(String.join(", ", kinds)).append(')');
    }
    return sb.toString();
  }
}
