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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/**
 * Compares, for every CS, the records it holds (its municipality's residents) with what its
 * prefecture server and the national server hold for that municipality, and collects the
 * replication lag of every link from the nodes' status. Municipalities are checked a few at a
 * time; each node's records of one municipality are read page by page.
 */
public final class Verifier {
  /** At most this many individual differences are listed in a report (the counts are exact). */
  public static final int MAX_LISTED = 200;
  private static final int PARALLEL_MUNICIPALITIES = 4;

  private final MonitorClient records;
  private final StatusCollector status;
  private final Clock clock;
  private final Duration statusTimeout;

  public Verifier(MonitorClient records, StatusCollector status, Clock clock, Duration statusTimeout) {
    this.records = Objects.requireNonNull(records, "records");
    this.status = Objects.requireNonNull(status, "status");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.statusTimeout = Objects.requireNonNull(statusTimeout, "statusTimeout");
  }

  /**
   * Verifies again every {@code poll} until converged or {@code wait} has passed (zero: once);
   * returns the last report.
   */
  public VerifyReport verifyUntilConverged(NetworkState state, Duration wait, Duration poll)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (;;) {
      VerifyReport report = verify(state);
      if (report.converged() || System.nanoTime() >= deadline) {
        return report;
      }
      Thread.sleep(poll.toMillis()); // other processes' state: nothing local to wait on
    }
  }

  public VerifyReport verify(NetworkState state) throws InterruptedException {
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
    List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
    List<Lag> lag = lag(addresses, unreadable);

    List<NodeCount> counts = Collections.synchronizedList(new ArrayList<>());
    List<Difference> listed = Collections.synchronizedList(new ArrayList<>());
    AtomicLong differenceCount = new AtomicLong();
    AtomicLong csRecords = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_MUNICIPALITIES, r -> {
      Thread t = new Thread(r, "verify");
      t.setDaemon(true);
      return t;
    });
    PeerId nationalId = national;
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (Map.Entry<PeerId, PeerId> e : upstreamOf.entrySet()) {
        tasks.add(pool.submit(() -> {
          PeerId cs = e.getKey();
          String m = cs.code();
          Map<String, IdentityInfo> below;
          try {
            below = byCode(records.listRecords(cs, address(addresses, cs), m), m);
          } catch (VerifyException ex) {
            unreadable.add(ex.getMessage());
            return;
          }
          csRecords.addAndGet(below.size());
          List<PeerId> above = new ArrayList<>();
          if (e.getValue() != null) {
            above.add(e.getValue());
          }
          if (nationalId != null) {
            above.add(nationalId);
          }
          for (PeerId node : above) {
            try {
              Map<String, IdentityInfo> up = byCode(records.listRecords(node, address(addresses, node), m), m);
              counts.add(compare(node.name(), m, below, up, listed, differenceCount));
            } catch (VerifyException ex) {
              unreadable.add(ex.getMessage() + " (records of " + m + ")");
            }
          }
        }));
      }
      for (Future<?> f : tasks) {
        try {
          f.get();
        } catch (ExecutionException ex) {
          throw new IllegalStateException("verification failed: " + ex.getCause(), ex.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<NodeCount> sortedCounts = new ArrayList<>(counts);
    sortedCounts.sort(Comparator.comparing(NodeCount::node).thenComparing(NodeCount::municipality));
    List<Difference> sortedDiffs = new ArrayList<>(listed);
    sortedDiffs.sort(Comparator.comparing(Difference::node).thenComparing(Difference::municipality)
        .thenComparing(Difference::juminhyoCode));
    List<String> sortedUnreadable = new ArrayList<>(unreadable);
    Collections.sort(sortedUnreadable);
    return new VerifyReport(clock.millis(), upstreamOf.size(), csRecords.get(), sortedCounts, sortedDiffs,
        differenceCount.get(), lag, sortedUnreadable);
  }

  private static InetSocketAddress address(Map<PeerId, InetSocketAddress> addresses, PeerId node) throws VerifyException {
    InetSocketAddress a = addresses.get(node);
    if (a == null) {
      throw new VerifyException(node + " has no recorded port (not started?)");
    }
    return a;
  }

  private List<Lag> lag(Map<PeerId, InetSocketAddress> addresses, List<String> unreadable) {
    long now = clock.millis();
    List<Lag> out = new ArrayList<>();
    for (StatusCollector.Answer a : status.collect(addresses, statusTimeout)) {
      if (!a.answered()) {
        unreadable.add(a.node() + ": " + a.error());
        continue;
      }
      for (LinkStatus l : a.status().getLinksList()) {
        if (l.getOutbound() && l.getUnackedChanges() > 0) {
          long age = l.getOldestUnackedMillis() > 0 ? Math.max(0, now - l.getOldestUnackedMillis()) : 0;
          out.add(new Lag(a.node().name(), PeerId.fromProto(l.getPeer()).name(), l.getUnackedChanges(), age));
        }
      }
    }
    out.sort(Comparator.comparing(Lag::node));
    return out;
  }

  /** The records keyed by 住民票コード, as the upper nodes should hold them (registered in m, not removed). */
  private static Map<String, IdentityInfo> byCode(List<IdentityInfo> list, String municipality) {
    Map<String, IdentityInfo> out = new TreeMap<>();
    for (IdentityInfo i : list) {
      out.put(i.getJuminhyoCode(), i.toBuilder().setMunicipalityCode(municipality).setRemoved(false).build());
    }
    return out;
  }

  static NodeCount compare(String node, String municipality, Map<String, IdentityInfo> cs, Map<String, IdentityInfo> up,
      List<Difference> listed, AtomicLong total) {
    long missing = 0;
    long extra = 0;
    long stale = 0;
    for (Map.Entry<String, IdentityInfo> e : cs.entrySet()) {
      IdentityInfo above = up.get(e.getKey());
      if (above == null) {
        missing++;
        note(listed, total, new Difference(node, municipality, Kind.MISSING, e.getKey(), "held by cs-" + municipality
            + ", absent at " + node));
      } else if (!above.equals(e.getValue())) {
        stale++;
        note(listed, total, new Difference(node, municipality, Kind.STALE, e.getKey(),
            "cs: " + TextFormat.shortDebugString(e.getValue()) + " | " + node + ": " + TextFormat.shortDebugString(above)));
      }
    }
    for (String code : up.keySet()) {
      if (!cs.containsKey(code)) {
        extra++;
        note(listed, total, new Difference(node, municipality, Kind.EXTRA, code, "held by " + node
            + " as registered in " + municipality + ", not at cs-" + municipality));
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
