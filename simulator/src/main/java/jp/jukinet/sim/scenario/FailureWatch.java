package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.LinkState;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.report.FailureReport;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each fault of the run through the network's own eyes, as the monitor (監視端末) polling the
 * NodeStatus of the nodes the fault touches (the target and its neighbours) every {@link #POLL}:
 * records when the network first showed it ({@code detect}: the target not answering the monitor
 * twice in a row, a node's outbound link to a neighbour not UP since the fault, or a server without
 * the inbound link of a node below it) and when, after the heal, it first showed itself whole again
 * ({@code recover}: the target answering and every link of the target UP with no unacknowledged
 * change, i.e. replication lag back to 0). Each is a {@code failure} line in the history.
 */
final class FailureWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailureWatch.class);

  /** How often the touched nodes are asked. */
  static final Duration POLL = Duration.ofMillis(200);

  /** How long one node may take to answer one poll: a node that does not is not answering. */
  static final Duration ASK = Duration.ofSeconds(1);

  /**
   * How long the run waits, after its final checks, for the network to show each fault recovered.
   */
  static final Duration SETTLE = Duration.ofSeconds(30);

  /** A link of the tree: {@code child} dials {@code parent}. */
  private record Link(PeerId child, PeerId parent) {}

  private final class Tracker {
    final int index;
    final PeerId target;
    final List<Link> links;
    final Map<PeerId, InetSocketAddress> nodes = new LinkedHashMap<>();
    volatile long occurredMillis;
    volatile long healedMillis = -1;
    volatile boolean detected;
    volatile long firstMissMillis = -1;
    volatile boolean recovered;

    Tracker(int index, PeerId target, List<Link> links) {
      this.index = index;
      this.target = target;
      this.links = links;
      Set<PeerId> touched = new LinkedHashSet<>();
      touched.add(target);
      links.forEach(
          l -> {
            touched.add(l.child());
            touched.add(l.parent());
          });
      touched.forEach(
          n -> {
            InetSocketAddress a = addresses.get(n);
            if (a != null) {
              nodes.put(n, a);
            }
          });
    }
  }

  private final Monitor monitor;
  private final Topology topology;
  private final Map<PeerId, InetSocketAddress> addresses;
  private final History history;
  private final SimulatedCalendar calendar;
  private final List<Tracker> trackers = new CopyOnWriteArrayList<>();
  private final AtomicInteger applied = new AtomicInteger();
  private final List<FailureEvent> events = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scenario-failure-watch");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  FailureWatch(
      Monitor monitor,
      Topology topology,
      Map<PeerId, InetSocketAddress> addresses,
      History history,
      SimulatedCalendar calendar) {
    this.monitor = monitor;
    this.topology = topology;
    this.addresses = Map.copyOf(addresses);
    this.history = history;
    this.calendar = calendar;
    poller.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code fault} of {@code step} on {@code target}, watched from its apply to its recovery. */
  Fault watch(Fault fault, FaultStep step, PeerId target) {
    NodeSpec node = topology.node(target);
    Tracker tracker = new Tracker(applied.incrementAndGet(), target, links(node, step.kind()));
    Map<String, String> occur = new LinkedHashMap<>();
    occur.put("kind", step.kind().name().toLowerCase());
    occur.put("target", target.name());
    occur.put("code", target.role() == NodeRole.NODE_ROLE_NATIONAL ? "" : target.code());
    occur.put("name", node.name());
    if (node.upstream() != null) {
      occur.put("link", node.name() + "～" + topology.node(node.upstream()).name());
    }
    if (step.delay() != null) {
      occur.put("detail", japanese(step.delay().real(calendar)));
    } else if (step.offset() != null) {
      occur.put("detail", "+" + japanese(SkewFault.onCalendar(step.offset(), calendar)));
    }
    return new Fault() {
      @Override
      public String describe() {
        return fault.describe();
      }

      @Override
      public void apply() {
        long at = System.currentTimeMillis();
        fault.apply();
        tracker.occurredMillis = at;
        trackers.add(tracker);
        record(tracker, FailureEvent.OCCUR, at, occur);
      }

      @Override
      public void heal() {
        try {
          fault.heal();
        } finally {
          long at = System.currentTimeMillis();
          tracker.healedMillis = at;
          record(tracker, FailureEvent.HEAL, at, Map.of());
        }
      }
    };
  }

  /** 10分, 3日, 150ミリ秒: a span as the failure list says it. */
  static String japanese(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ミリ秒";
    }
    long s = ms / 1000;
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "日";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "時間";
    }
    return s != 0 && s % 60 == 0 ? s / 60 + "分" : s + "秒";
  }

  /**
   * The links a fault on {@code node} touches: a link fault its upstream link; a node fault every
   * link of the node.
   */
  private List<Link> links(NodeSpec node, FaultKind kind) {
    List<Link> links = new ArrayList<>();
    if (node.upstream() != null) {
      links.add(new Link(node.id(), node.upstream()));
    }
    if (!kind.onLink()) {
      List<NodeSpec> below =
          switch (node.id().role()) {
            case NODE_ROLE_NATIONAL -> topology.prefectures();
            case NODE_ROLE_PREFECTURE -> topology.cssOf(node.id());
            default -> List.of();
          };
      below.forEach(b -> links.add(new Link(b.id(), node.id())));
    }
    return links;
  }

  /** Waits until every fault applied so far was seen recovered, or {@code within} has passed. */
  void awaitRecoveries(Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (trackers.stream().anyMatch(t -> !t.recovered) && System.nanoTime() < end) {
      Thread.sleep(POLL.toMillis());
    }
  }

  List<FailureEvent> events() {
    return List.copyOf(events);
  }

  /** The failure report of the run from {@code fromMillis} to {@code toMillis} (real, epoch). */
  FailureReport report(long fromMillis, long toMillis) {
    return FailureRows.report(events(), shown(fromMillis), shown(toMillis));
  }

  private Instant shown(long millis) {
    Instant real = Instant.ofEpochMilli(millis);
    return calendar == null ? real : calendar.at(real);
  }

  private void poll() {
    try {
      List<Tracker> open = trackers.stream().filter(t -> !t.recovered).toList();
      if (open.isEmpty() || closed) {
        return;
      }
      Map<PeerId, InetSocketAddress> ask = new LinkedHashMap<>();
      open.forEach(t -> ask.putAll(t.nodes));
      long asked = System.currentTimeMillis();
      Map<PeerId, StatusCollector.Answer> answers = new HashMap<>();
      for (StatusCollector.Answer a : monitor.statuses(ask, ASK)) {
        answers.put(a.node(), a);
      }
      long answered = System.currentTimeMillis();
      for (Tracker t : open) {
        if (!t.detected) {
          detect(t, answers, answered);
        }
        if (t.healedMillis >= 0 && asked > t.healedMillis && whole(t, answers)) {
          t.recovered = true;
          record(
              t,
              FailureEvent.RECOVER,
              answered,
              Map.of("observer", t.target.name(), "note", "回線UP・未送信の変更0"));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("scenario: watching the faults failed once: {}", e.toString());
    }
  }

  /** Records the first sign of {@code t} in {@code answers}, if any. */
  private void detect(Tracker t, Map<PeerId, StatusCollector.Answer> answers, long now) {
    long at = Long.MAX_VALUE;
    String observer = null;
    String note = null;
    StatusCollector.Answer self = answers.get(t.target);
    if (self != null && !self.answered()) {
      // Twice in a row: one slow answer from a busy node is no failure.
      if (t.firstMissMillis < 0) {
        t.firstMissMillis = now;
      } else {
        at = t.firstMissMillis;
        observer = StatusCollector.MONITOR.name();
        note = t.target.name() + "が状態照会に応答しない";
      }
    } else {
      t.firstMissMillis = -1;
    }
    for (Link l : t.links) {
      LinkStatus out = outbound(answers.get(l.child()), l.parent());
      if (out != null && out.getState() != LinkState.LINK_STATE_UP) {
        long since = Math.min(now, Math.max(out.getSinceMillis(), t.occurredMillis));
        if (out.getSinceMillis() >= t.occurredMillis && since < at) {
          at = since;
          observer = l.child().name();
          note = l.parent().name() + "への回線断";
        }
      }
      StatusCollector.Answer parent = answers.get(l.parent());
      if (parent != null && parent.answered() && !parent.acceptedFrom(l.child()) && now < at) {
        at = now;
        observer = l.parent().name();
        note = l.child().name() + "からの回線なし";
      }
    }
    if (observer != null) {
      t.detected = true;
      record(t, FailureEvent.DETECT, at, Map.of("observer", observer, "note", note));
    }
  }

  /** The target answers and each of its links is UP with nothing unacknowledged. */
  private static boolean whole(Tracker t, Map<PeerId, StatusCollector.Answer> answers) {
    StatusCollector.Answer self = answers.get(t.target);
    if (self == null || !self.answered()) {
      return false;
    }
    for (Link l : t.links) {
      LinkStatus out = outbound(answers.get(l.child()), l.parent());
      if (out == null
          || out.getState() != LinkState.LINK_STATE_UP
          || out.getUnackedChanges() != 0) {
        return false;
      }
    }
    return true;
  }

  private static LinkStatus outbound(StatusCollector.Answer a, PeerId peer) {
    if (a == null || !a.answered()) {
      return null;
    }
    for (LinkStatus l : a.status().getLinksList()) {
      if (l.getOutbound() && PeerId.fromProto(l.getPeer()).equals(peer)) {
        return l;
      }
    }
    return null;
  }

  private void record(Tracker t, String phase, long atMillis, Map<String, String> fields) {
    Instant real = Instant.ofEpochMilli(atMillis);
    events.add(
        new FailureEvent(
            t.index, phase, atMillis, calendar == null ? null : calendar.at(real), fields));
    if (closed) {
      return; // healed at exit, after the history closed
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("fault", t.index);
    line.put("phase", phase);
    line.putAll(fields);
    try {
      history.record(FailureEvent.TYPE, atMillis, line);
    } catch (RuntimeException e) {
      LOG.warn("scenario: cannot record a failure line: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.shutdownNow();
  }
}
