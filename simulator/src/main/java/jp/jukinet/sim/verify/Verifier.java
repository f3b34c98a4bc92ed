package jp.jukinet.sim.verify;

import com.google.protobuf.TextFormat;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.verify.VerifyReport.Difference;
import jp.jukinet.sim.verify.VerifyReport.Kind;
import jp.jukinet.sim.verify.VerifyReport.Lag;
import jp.jukinet.sim.verify.VerifyReport.NodeCount;
import jp.jukinet.sim.verify.VerifyReport.NotAnswering;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.Fanout;

/**
 * Compares, for every CS, the records it holds (its municipality's residents) with what its
 * prefecture server and the national server hold for that municipality, and collects the
 * replication lag of every link from the nodes' status. Every node is asked at once (at most {@link
 * Fanout#WINDOW} CSs being read at a time), all within one deadline: a node that does not answer by
 * then is named in the report, which then holds the differences among the nodes that did answer. A
 * node that failed once is not asked again in the same check.
 */
public final class Verifier {
  /** At most this many individual differences are listed in a report (the counts are exact). */
  public static final int MAX_LISTED = 200;

  private final MonitorClient records;
  private final StatusCollector status;
  private final Clock clock;

  public Verifier(MonitorClient records, StatusCollector status, Clock clock) {
    this.records = Objects.requireNonNull(records, "records");
    this.status = Objects.requireNonNull(status, "status");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies, each time within {@code timeout}, again every {@code poll} until converged or {@code
   * wait} has passed (zero: once); returns the last report.
   */
  public VerifyReport verifyUntilConverged(
      NetworkState state, Duration timeout, Duration wait, Duration poll)
      throws InterruptedException {
    Deadline waiting = Deadline.in(wait);
    for (; ; ) {
      VerifyReport report = verify(state, Deadline.in(timeout));
      if (report.converged() || waiting.passed()) {
        return report;
      }
      Thread.sleep(poll.toMillis()); // other processes' state: nothing local to wait on
    }
  }

  /** One comparison of every municipality, every answer awaited until {@code deadline}. */
  public VerifyReport verify(NetworkState state, Deadline deadline) throws InterruptedException {
    Map<PeerId, InetSocketAddress> addresses = new LinkedHashMap<>();
    Map<PeerId, PeerId> upstreamOf = new LinkedHashMap<>();
    PeerId national = null;
    for (NetworkState.Node n : state.nodes()) {
      if (n.port() > 0) {
        addresses.put(n.id(), new InetSocketAddress(n.host(), n.port()));
      }
      if (n.id().role() == NodeRole.NODE_ROLE_CS) {
        upstreamOf.put(n.id(), n.upstreamId());
      } else if (n.id().role() == NodeRole.NODE_ROLE_NATIONAL) {
        national = n.id();
      }
    }
    ExecutorService statusThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "verify-status");
              t.setDaemon(true);
              return t;
            });
    try {
      // The status (lag) is asked for alongside the records, within the same deadline.
      Future<List<StatusCollector.Answer>> answers =
          statusThread.submit(() -> status.collect(addresses, deadline));
      Comparison comparison = new Comparison(addresses, deadline);
      List<Municipality> checks = new ArrayList<>();
      for (Map.Entry<PeerId, PeerId> e : upstreamOf.entrySet()) {
        List<PeerId> above = new ArrayList<>();
        if (e.getValue() != null) {
          above.add(e.getValue());
        }
        if (national != null) {
          above.add(national);
        }
        checks.add(new Municipality(e.getKey(), above));
      }
      Fanout.ask(checks, m -> m.start(comparison), deadline, Fanout.WINDOW);
      for (Municipality m : checks) {
        m.awaitCompared(deadline);
      }
      comparison.closed = true;
      checks.forEach(m -> m.noteSilent(comparison));
      List<Lag> lag = lag(answers.get(), comparison);
      return comparison.report(clock.millis(), upstreamOf.size(), lag);
    } catch (ExecutionException e) {
      throw new IllegalStateException("status collection failed: " + e.getCause(), e.getCause());
    } finally {
      statusThread.shutdownNow();
    }
  }

  /**
   * What one verification found so far; shared by the municipalities' reads, which complete on any
   * thread.
   */
  private final class Comparison {
    final Map<PeerId, InetSocketAddress> addresses;
    final Deadline deadline;
    final List<NodeCount> counts = Collections.synchronizedList(new ArrayList<>());
    final List<Difference> listed = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong differenceCount = new AtomicLong();
    final AtomicLong csRecords = new AtomicLong();

    /**
     * The first failure of each node that did not answer: it is not asked again in this
     * verification.
     */
    final Map<PeerId, String> silent = new ConcurrentHashMap<>();

    /** Set at the deadline: what answers later is not compared. */
    volatile boolean closed;

    Comparison(Map<PeerId, InetSocketAddress> addresses, Deadline deadline) {
      this.addresses = addresses;
      this.deadline = deadline;
    }

    CompletableFuture<List<IdentityInfo>> read(PeerId node, String municipality) {
      String earlier = silent.get(node);
      if (earlier != null) {
        return CompletableFuture.failedFuture(new VerifyException(earlier));
      }
      InetSocketAddress a = addresses.get(node);
      if (a == null) {
        return CompletableFuture.failedFuture(
            new VerifyException("no recorded port (not started?)"));
      }
      return records
          .records(node, a, municipality, deadline)
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  silent(node, Fanout.describe(e));
                }
              });
    }

    void silent(PeerId node, String why) {
      silent.putIfAbsent(node, why);
    }

    VerifyReport report(long now, int municipalities, List<Lag> lag) {
      List<NodeCount> sortedCounts = new ArrayList<>(counts);
      sortedCounts.sort(
          Comparator.comparing(NodeCount::node).thenComparing(NodeCount::municipality));
      List<Difference> sortedDiffs = new ArrayList<>(listed);
      sortedDiffs.sort(
          Comparator.comparing(Difference::node)
              .thenComparing(Difference::municipality)
              .thenComparing(Difference::juminhyoCode));
      List<NotAnswering> notAnswering = new ArrayList<>();
      silent.forEach((node, why) -> notAnswering.add(new NotAnswering(node.name(), why)));
      notAnswering.sort(Comparator.comparing(NotAnswering::node));
      return new VerifyReport(
          now,
          municipalities,
          csRecords.get(),
          sortedCounts,
          sortedDiffs,
          differenceCount.get(),
          lag,
          notAnswering);
    }
  }

  /**
   * One municipality: its CS's records against those of each node above it, compared once all are
   * read.
   */
  private static final class Municipality {
    private static final CompletableFuture<List<IdentityInfo>> COMPARED =
        CompletableFuture.completedFuture(List.of());
    private final PeerId cs;
    private final List<PeerId> above;
    private final Map<PeerId, CompletableFuture<List<IdentityInfo>>> reads =
        new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> compared;

    Municipality(PeerId cs, List<PeerId> above) {
      this.cs = cs;
      this.above = List.copyOf(above);
    }

    /**
     * Starts reading the CS and the nodes above it; compares once all have answered or failed. The
     * returned future completes once the CS has: the window of new connections is the CSs', while
     * the few servers above them are each asked over one connection, however many wait.
     */
    CompletableFuture<Void> start(Comparison c) {
      String m = cs.code();
      reads.put(cs, c.read(cs, m));
      above.forEach(node -> reads.put(node, c.read(node, m)));
      CompletableFuture<?>[] settled =
          reads.values().stream()
              .map(f -> f.handle((r, e) -> null))
              .toArray(CompletableFuture[]::new);
      compared = CompletableFuture.allOf(settled).thenRun(() -> compare(c));
      return reads.get(cs).handle((r, e) -> null);
    }

    /** Waits until compared or {@code deadline}. */
    void awaitCompared(Deadline deadline) throws InterruptedException {
      if (compared == null) {
        return;
      }
      try {
        compared.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // named by noteSilent: the reads that did not answer
      }
    }

    private void compare(Comparison c) {
      if (c.closed) {
        return; // answered after the deadline: the report is made already
      }
      List<IdentityInfo> atCs = reads.get(cs).getNow(null);
      if (reads.get(cs).isCompletedExceptionally() || atCs == null) {
        return;
      }
      String m = cs.code();
      Map<String, IdentityInfo> below = byCode(atCs, m);
      release(cs);
      c.csRecords.addAndGet(below.size());
      for (PeerId node : above) {
        CompletableFuture<List<IdentityInfo>> read = reads.get(node);
        if (!read.isCompletedExceptionally()) {
          Map<String, IdentityInfo> up = byCode(read.join(), m);
          release(node);
          c.counts.add(Verifier.compare(node.name(), m, below, up, c.listed, c.differenceCount));
        }
      }
    }

    /**
     * Drops what {@code node} answered once it is compared: a municipality is kept until the whole
     * verification ends, and at scale 1.0 its records are hundreds of megabytes.
     */
    private void release(PeerId node) {
      reads.put(node, COMPARED);
    }

    /**
     * Names the nodes whose read was still unanswered when the deadline passed (or never started).
     */
    void noteSilent(Comparison c) {
      if (reads.isEmpty()) {
        c.silent(cs, "not asked within " + c.deadline.describe());
        return;
      }
      reads.forEach(
          (node, read) -> {
            if (!read.isDone()) {
              c.silent(node, "no answer within " + c.deadline.describe());
            }
          });
    }
  }

  private List<Lag> lag(List<StatusCollector.Answer> answers, Comparison c) {
    long now = clock.millis();
    List<Lag> out = new ArrayList<>();
    for (StatusCollector.Answer a : answers) {
      if (!a.answered()) {
        c.silent(a.node(), a.error());
        continue;
      }
      for (LinkStatus l : a.status().getLinksList()) {
        if (l.getOutbound() && l.getUnackedChanges() > 0) {
          long age =
              l.getOldestUnackedMillis() > 0 ? Math.max(0, now - l.getOldestUnackedMillis()) : 0;
          out.add(
              new Lag(
                  a.node().name(),
                  PeerId.fromProto(l.getPeer()).name(),
                  l.getUnackedChanges(),
                  age));
        }
      }
    }
    out.sort(Comparator.comparing(Lag::node));
    return out;
  }

  /**
   * The records keyed by 住民票コード, as the upper nodes should hold them (registered in m, not
   * removed).
   */
  private static Map<String, IdentityInfo> byCode(List<IdentityInfo> list, String municipality) {
    Map<String, IdentityInfo> out = new TreeMap<>();
    for (IdentityInfo i : list) {
      out.put(
          i.getJuminhyoCode(),
          i.toBuilder().setMunicipalityCode(municipality).setRemoved(false).build());
    }
    return out;
  }

  static NodeCount compare(
      String node,
      String municipality,
      Map<String, IdentityInfo> cs,
      Map<String, IdentityInfo> up,
      List<Difference> listed,
      AtomicLong total) {
    long missing = 0;
    long extra = 0;
    long stale = 0;
    for (Map.Entry<String, IdentityInfo> e : cs.entrySet()) {
      IdentityInfo above = up.get(e.getKey());
      if (above == null) {
        missing++;
        note(
            listed,
            total,
            new Difference(
                node,
                municipality,
                Kind.MISSING,
                e.getKey(),
                "held by cs-" + municipality + ", absent at " + node));
      } else if (!above.equals(e.getValue())) {
        stale++;
        note(
            listed,
            total,
            new Difference(
                node,
                municipality,
                Kind.STALE,
                e.getKey(),
                "cs: "
                    + TextFormat.shortDebugString(e.getValue())
                    + " | "
                    + node
                    + ": "
                    + TextFormat.shortDebugString(above)));
      }
    }
    for (String code : up.keySet()) {
      if (!cs.containsKey(code)) {
        extra++;
        note(
            listed,
            total,
            new Difference(
                node,
                municipality,
                Kind.EXTRA,
                code,
                "held by "
                    + node
                    + " as registered in "
                    + municipality
                    + ", not at cs-"
                    + municipality));
      }
    }
    return new NodeCount(node, municipality, up.size(), missing, extra, stale);
  }

  private static void note(List<Difference> listed, AtomicLong total, Difference d) {
    if (total.incrementAndGet() <= MAX_LISTED) {
      listed.add(d);
    }
  }
}
