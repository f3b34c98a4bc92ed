package jp.jukinet.sim.bench.provision;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.bench.BenchTargets;
import jp.jukinet.sim.bench.BirthLoad;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.verify.MonitorClient;
import jp.jukinet.sim.verify.VerifyException;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.BatchClient;
import jp.jukinet.sim.workload.BatchException;
import jp.jukinet.sim.workload.Deadline;
import org.HdrHistogram.Histogram;

/**
 * {@code jukinet bench provision}, the 即時提供 part: on a running network with residents (births are
 * added through the CSs first when it has fewer than asked), agencies look people up at the
 * national server. First a closed loop (every agency connection keeps its window full: the maximum,
 * compared with the reference peers), then the open model at the rates asked for (by default steps
 * at 50, 75 and 90 % of that maximum), latency counted from each request's due time.
 */
public final class ProvisionBench {
  /** What to run. */
  public record Options(
      RunDirectory dir,
      int agencies,
      int window,
      Duration warmup,
      Duration duration,
      RatePlan plan,
      int residents,
      int keyPool,
      String keyMix,
      long batchKeys) {
    public Options {
      Objects.requireNonNull(dir, "dir");
      if (agencies < 1 || agencies > 32) {
        throw new IllegalArgumentException("--agencies " + agencies + " must be 1..32");
      }
      if (window < 1 || window > 10_000) {
        throw new IllegalArgumentException("--window " + window + " must be 1..10000");
      }
      if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
        throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
      }
      if (batchKeys < 0) {
        throw new IllegalArgumentException(
            "--batch-keys " + batchKeys + " must be 0 (none) or more");
      }
      if (residents < 1 || keyPool < 1) {
        throw new IllegalArgumentException("--residents and --key-pool must be at least 1");
      }
    }
  }

  /** The outcome: the closed loop (with its RESULT line) and each open-model window. */
  public record Result(
      Step closedLoop, List<Step> open, BatchStep batch, long persons, List<String> errors) {
    public Result {
      open = List.copyOf(open);
      errors = List.copyOf(errors);
    }
  }

  /** One measuring window, as printed. */
  public record Step(
      String plan,
      double requestedPerSecond,
      double achievedPerSecond,
      long sent,
      long answered,
      long found,
      long refused,
      long failed,
      long late,
      double p50Us,
      double p99Us,
      double p999Us,
      double serviceP50Us,
      double serviceP99Us,
      String line) {}

  /**
   * Requests in flight per agency connection that the open model allows: enough that the client is
   * not what limits it (the server stops reading a connection that sends faster than it answers).
   */
  static final int OPEN_WINDOW = 2_048;

  /** The 一括提供 window: one batch, records per second from its open to its last chunk. */
  public record BatchStep(
      String agency, String jimu, long keys, long records, double seconds, String line) {
    public double recordsPerSecond() {
      return records / seconds;
    }
  }

  private ProvisionBench() {}

  /**
   * @param allowed the 事務 for which their agency may use 即時提供
   * @param allowedBatch the 事務 for which their agency may use 一括提供 over the line
   */
  public static Result run(
      Options o,
      NetworkState state,
      Predicate<Jimu> allowed,
      Predicate<Jimu> allowedBatch,
      PrintWriter progress)
      throws InterruptedException, VerifyException {
    BenchTargets targets = BenchTargets.of(state, o.dir(), 0);
    Map<PeerId, InetSocketAddress> css = targets.css();
    PeerId national = targets.national();
    InetSocketAddress nationalAddress = targets.nationalAddress();
    ProvisionMix mix = ProvisionMix.of(allowed, o.agencies());
    TransportSettings settings = TransportSettings.defaults();
    try (NodeRuntime runtime = NodeRuntime.create(2, 1);
        StatusCollector status =
            new StatusCollector(
                runtime.transport(),
                NodeTls.load(o.dir().pkiDir(), StatusCollector.MONITOR),
                settings)) {
      long persons = populate(o, runtime, status, css, national, nationalAddress, progress);
      List<IdentityInfo> pool = sample(o, runtime, settings, css, national, nationalAddress);
      KeyPool keys = KeyPool.of(pool, o.keyMix());
      Map<String, Connection> lanes = new LinkedHashMap<>();
      List<AgencyClient> agencies = new ArrayList<>();
      try {
        for (String agency : mix.agencies()) {
          lanes.put(agency, connect(agencies, runtime, o, nationalAddress, agency));
        }
        progress.printf(
            Locale.ROOT,
            "即時提供: %d agencies %s x %d in flight, %,d keys of %,d persons (code,number,4情報 = %s)%n",
            lanes.size(),
            mix.agencies(),
            o.window(),
            pool.size(),
            persons,
            o.keyMix());
        progress.flush();
        ImmediateLoad load = new ImmediateLoad(lanes, mix, keys, o.window(), OPEN_WINDOW);
        ImmediateLoad.Window closed = load.closedLoop(o.warmup(), o.duration());
        Step max = step(closed, closed.achievedPerSecond(), "jukinet-provision", lanes.size(), o);
        progress.println("closed loop: " + max.line());
        progress.flush();
        RatePlan plan =
            o.plan() != null
                ? o.plan()
                : RatePlan.fractionsOf(closed.achievedPerSecond(), 0.5, 0.75, 0.9);
        List<Step> open = new ArrayList<>();
        for (RatePlan.Segment s : plan.segments()) {
          ImmediateLoad.Window w = load.open(s, Duration.ofSeconds(2), o.duration());
          Step st = step(w, (s.from() + s.to()) / 2, "jukinet-provision-open", lanes.size(), o);
          progress.println("open model " + s.describe() + ": " + st.line());
          progress.flush();
          open.add(st);
        }
        BatchStep batch = null;
        if (o.batchKeys() > 0) {
          batch = batch(o, runtime, agencies, nationalAddress, pool, allowedBatch);
          progress.println("一括提供: " + batch.line());
          progress.flush();
        }
        return new Result(max, open, batch, persons, load.errors());
      } finally {
        agencies.forEach(AgencyClient::close);
      }
    }
  }

  /**
   * One 一括提供 over the line of {@code o.batchKeys()} 住民票コード keys (cycling through the pool) by the
   * agency with the largest FY2020 volume that may use it.
   */
  private static BatchStep batch(
      Options o,
      NodeRuntime runtime,
      List<AgencyClient> agencies,
      InetSocketAddress address,
      List<IdentityInfo> pool,
      Predicate<Jimu> allowedBatch)
      throws InterruptedException {
    ProvisionMix mix = ProvisionMix.of(allowedBatch, 1);
    String agency = mix.agencies().get(0);
    Jimu jimu = mix.nextOf(agency, new java.util.SplittableRandom(1));
    Connection c = connect(agencies, runtime, o, address, agency);
    long t0 = System.nanoTime();
    BatchClient.Summary s;
    try {
      s =
          new BatchClient(
                  c,
                  new BatchClient.Options(
                      "bench-" + System.currentTimeMillis(),
                      jimu.id(),
                      ProvisionMethod.PROVISION_METHOD_BATCH_LINE,
                      o.batchKeys(),
                      0,
                      BATCH_KEYS_PER_FRAME,
                      BATCH_WINDOW,
                      Duration.ofSeconds(60)))
              .run(
                  new java.util.Iterator<>() {
                    long i;

                    @Override
                    public boolean hasNext() {
                      return i < o.batchKeys();
                    }

                    @Override
                    public ProvisionKey next() {
                      IdentityInfo p = pool.get((int) (i++ % pool.size()));
                      return ProvisionKey.newBuilder().setJuminhyoCode(p.getJuminhyoCode()).build();
                    }
                  },
                  (chunk, keys) -> {});
    } catch (BatchException e) {
      throw new IllegalStateException("the benchmark's 一括提供 failed: " + e.getMessage(), e);
    } finally {
      c.close();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    String line =
        String.format(
            Locale.ROOT,
            "RESULT name=jukinet-provision-batch ops_per_s=%.0f records=%d keys=%d secs=%.2f chunks=%d"
                + " agency=%s jimu=%s keys_per_frame=%d window=%d target_ratio=%.3f",
            s.records() / secs,
            s.records(),
            o.batchKeys(),
            secs,
            s.chunks(),
            agency,
            jimu.id(),
            BATCH_KEYS_PER_FRAME,
            BATCH_WINDOW,
            s.records() / secs / 1_000_000);
    return new BatchStep(agency, jimu.id(), o.batchKeys(), s.records(), secs, line);
  }

  /**
   * {@code agency}'s connection to the national server, with its certificate from the run's PKI;
   * its client joins {@code agencies}, which the caller closes.
   */
  private static Connection connect(
      List<AgencyClient> agencies,
      NodeRuntime runtime,
      Options o,
      InetSocketAddress national,
      String agency)
      throws InterruptedException {
    AgencyClient client =
        AgencyClient.open(runtime.transport(), o.dir().pkiDir(), agency, national);
    agencies.add(client);
    try {
      return client.connection().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot connect agency-" + agency + " to the national server at " + national + ": " + e,
          e);
    }
  }

  private static final int BATCH_KEYS_PER_FRAME = 2_000;
  private static final int BATCH_WINDOW = 16;

  private static Step step(
      ImmediateLoad.Window w, double requested, String name, int conns, Options o) {
    Histogram h = w.latency();
    Histogram s = w.serviceTime();
    String line =
        String.format(
            Locale.ROOT,
            "RESULT name=%s ops_per_s=%.0f requested_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f"
                + " service_p50_us=%.1f service_p99_us=%.1f conns=%d window=%d sent=%d answered=%d found=%d"
                + " refused=%d failed=%d not_sent_on_time=%d plan=%s",
            name,
            w.achievedPerSecond(),
            requested,
            pct(h, 50),
            pct(h, 99),
            pct(h, 99.9),
            pct(s, 50),
            pct(s, 99),
            conns,
            o.window(),
            w.sent(),
            w.answered(),
            w.found(),
            w.refused(),
            w.failed(),
            w.late(),
            w.plan());
    return new Step(
        w.plan(),
        requested,
        w.achievedPerSecond(),
        w.sent(),
        w.answered(),
        w.found(),
        w.refused(),
        w.failed(),
        w.late(),
        pct(h, 50),
        pct(h, 99),
        pct(h, 99.9),
        pct(s, 50),
        pct(s, 99),
        line);
  }

  private static double pct(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
  }

  /** Adds births through the CSs until the national server holds {@code residents} persons. */
  private static long populate(
      Options o,
      NodeRuntime runtime,
      StatusCollector status,
      Map<PeerId, InetSocketAddress> css,
      PeerId national,
      InetSocketAddress address,
      PrintWriter progress)
      throws InterruptedException {
    Map<PeerId, InetSocketAddress> ns = Map.of(national, address);
    long persons = persons(status, ns);
    if (persons >= o.residents()) {
      return persons;
    }
    long missing = o.residents() - persons;
    long perCs = (missing + css.size() - 1) / css.size();
    progress.printf(
        Locale.ROOT,
        "the national server holds %,d persons; adding %,d births through %d CSs%n",
        persons,
        perCs * css.size(),
        css.size());
    progress.flush();
    try (BirthLoad births =
        BirthLoad.start(runtime.transport(), o.dir().pkiDir(), css, 32, perCs, 0)) {
      if (!births.awaitDone(Duration.ofMinutes(10)) || births.failed() > 0) {
        throw new IllegalStateException(
            "adding residents failed: " + births.failed() + " births refused " + births.errors());
      }
    }
    Deadline deadline = Deadline.in(Duration.ofMinutes(5));
    while ((persons = persons(status, ns)) < o.residents()) {
      if (deadline.passed()) {
        throw new IllegalStateException(
            national
                + " holds "
                + persons
                + " persons, not "
                + o.residents()
                + ", "
                + deadline.describe()
                + " after the births were acknowledged");
      }
      Thread.sleep(100);
    }
    return persons;
  }

  private static long persons(StatusCollector status, Map<PeerId, InetSocketAddress> ns) {
    for (StatusCollector.Answer a : status.collect(ns, Duration.ofSeconds(10))) {
      if (a.answered()) {
        NodeStatus s = a.status();
        return s.getCountersOrDefault("persons", 0);
      }
      throw new IllegalStateException("the national server did not answer: " + a.error());
    }
    throw new IllegalStateException("the national server did not answer");
  }

  /** Up to {@code keyPool} records the national server holds, municipality by municipality. */
  private static List<IdentityInfo> sample(
      Options o,
      NodeRuntime runtime,
      TransportSettings settings,
      Map<PeerId, InetSocketAddress> css,
      PeerId national,
      InetSocketAddress address)
      throws VerifyException, InterruptedException {
    List<IdentityInfo> pool = new ArrayList<>();
    try (MonitorClient monitor =
        new MonitorClient(
            runtime.transport(),
            NodeTls.load(o.dir().pkiDir(), StatusCollector.MONITOR),
            settings,
            Duration.ofMinutes(2))) {
      for (PeerId cs : css.keySet()) {
        for (IdentityInfo p : monitor.listRecords(national, address, cs.code())) {
          if (pool.size() >= o.keyPool()) {
            return pool;
          }
          pool.add(p);
        }
      }
    }
    return pool;
  }
}
