package jp.jukinet.sim.network;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.node.runtime.Node;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.sim.status.NetworkProbe;
import jp.jukinet.sim.status.NetworkStatus;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole local 住基ネット: the one harness behind {@code jukinet up/down/status} and the tests (through
 * their {@code TestNetworks} extension). Starts the national server, then the prefecture servers,
 * then the CSs (each tier once the previous one listens, since a node's config names its upstream's
 * port), records every node in the run directory's state file, and can kill, restart and await
 * links.
 *
 * <p>{@link #close()} stops every node; {@link #detach()} leaves them running for a later {@code
 * jukinet down}.
 */
public final class LocalNetwork implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalNetwork.class);

  /**
   * How many in-JVM nodes start between two writes of the state file (which up reads for progress).
   */
  private static final int PROGRESS_EVERY = 200;

  private static final String LOCALHOST = "127.0.0.1";

  private final NodeLauncher launcher;
  private final RunDirectory dir;
  private final LaunchSettings settings;
  private final Map<PeerId, NodeSpec> specs = new LinkedHashMap<>();
  private final Map<PeerId, RunningNode> nodes = new LinkedHashMap<>();
  private final long createdAt;
  private final SimulatedCalendar calendar;
  private final LaunchGate gate;
  private final String onHost;
  private final LinkRouter router;
  private NetworkProbe probe;
  private boolean closed;

  private LocalNetwork(
      NodeLauncher launcher,
      RunDirectory dir,
      LaunchSettings settings,
      LaunchGate gate,
      String onHost,
      LinkRouter router) {
    this.launcher = launcher;
    this.gate = gate;
    this.onHost = onHost;
    this.router = Objects.requireNonNull(router, "router");
    this.dir = dir;
    this.settings = settings;
    this.createdAt = Clock.systemUTC().millis();
    this.calendar = dir.readCalendar().orElse(null);
    if (calendar != null) {
      // One network per process: the log layout prints its calendar's time.
      System.setProperty(SimulatedCalendar.PROPERTY, calendar.toProperty());
    }
  }

  /**
   * Starts every node of {@code topology} and returns once each listens (links come up later: see
   * {@link #awaitAllLinksUp}). Generates the PKI when the run directory has none. Refuses when a
   * network recorded in the same directory still runs; a stale state file (its processes gone,
   * after a crash) is replaced.
   *
   * @throws NetworkAlreadyRunningException when the directory's network is alive
   */
  public static LocalNetwork start(
      Topology topology, Mode mode, RunDirectory dir, LaunchSettings settings) {
    return start(topology, mode, dir, settings, new LaunchGate());
  }

  /**
   * As {@link #start(Topology, Mode, RunDirectory, LaunchSettings)}, each link dialled via {@code
   * router} (a scenario's fault proxies).
   */
  public static LocalNetwork start(
      Topology topology, Mode mode, RunDirectory dir, LaunchSettings settings, LinkRouter router) {
    return start(topology, mode, dir, settings, new LaunchGate(), null, router);
  }

  /**
   * As {@link #start(Topology, Mode, RunDirectory, LaunchSettings, LinkRouter)}, every node
   * launched through {@code gate} (a scenario interrupted while its network starts stops what
   * started).
   */
  public static LocalNetwork start(
      Topology topology,
      Mode mode,
      RunDirectory dir,
      LaunchSettings settings,
      LaunchGate gate,
      LinkRouter router) {
    return start(topology, mode, dir, settings, gate, null, router);
  }

  /**
   * As {@link #start(Topology, Mode, RunDirectory, LaunchSettings)}, every node launched through
   * {@code gate}, so that a command interrupted while starting can stop what started.
   */
  public static LocalNetwork start(
      Topology topology, Mode mode, RunDirectory dir, LaunchSettings settings, LaunchGate gate) {
    return start(topology, mode, dir, settings, gate, null, LinkRouter.DIRECT);
  }

  /**
   * As {@link #start(Topology, Mode, RunDirectory, LaunchSettings, LaunchGate)}, starting only the
   * nodes the topology places on {@code onHost} (all when null): one host's share of a network
   * spread over hosts. Its nodes dial upstreams on other hosts at their topology addresses, and the
   * state file records the whole network. The PKI must be in the run directory already ({@code
   * jukinet pki import}): hosts generating their own would make networks that trust nothing of each
   * other.
   */
  public static LocalNetwork start(
      Topology topology,
      Mode mode,
      RunDirectory dir,
      LaunchSettings settings,
      LaunchGate gate,
      String onHost) {
    return start(topology, mode, dir, settings, gate, onHost, LinkRouter.DIRECT);
  }

  private static LocalNetwork start(
      Topology topology,
      Mode mode,
      RunDirectory dir,
      LaunchSettings settings,
      LaunchGate gate,
      String onHost,
      LinkRouter router) {
    Objects.requireNonNull(topology, "topology");
    checkHostShare(topology, dir, onHost);
    new RecordedNetwork(dir).refuseIfRunning();
    int nodes = onHost == null ? topology.nodes().size() : topology.nodesOn(onHost).size();
    LocalNetwork net =
        new LocalNetwork(
            NodeLauncher.of(mode, dir, settings, nodes), dir, settings, gate, onHost, router);
    try {
      net.launchAll(topology);
      return net;
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  /**
   * Checks that {@code dir} can run {@code onHost}'s share of {@code topology} (anything, when
   * null): every node at a fixed address, some on that host, and the network's PKI imported.
   *
   * @throws IllegalArgumentException for a topology or host that cannot be so
   * @throws IllegalStateException when the run directory has no PKI
   */
  public static void checkHostShare(Topology topology, RunDirectory dir, String onHost) {
    if (onHost == null) {
      return;
    }
    topology.requireAddressable();
    topology.nodesOn(onHost);
    if (!dir.hasPki()) {
      throw new IllegalStateException(
          "no PKI in "
              + dir.pkiDir()
              + ": a host's share of a network uses the network's one PKI; on the host that holds"
              + " it run 'jukinet pki export --host "
              + onHost
              + " --out <file>', then here 'jukinet pki import <file> --dir "
              + dir.root()
              + "'");
    }
  }

  private void launchAll(Topology topology) {
    try {
      Files.createDirectories(dir.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + dir.root(), e);
    }
    if (launcher.mode() == Mode.PROCESS && Files.isDirectory(dir.sharedStoreDir())) {
      // Node processes would open empty databases of their own and the records would seem lost.
      throw new IllegalStateException(
          dir.root()
              + " holds the data of an in-JVM network ("
              + dir.sharedStoreDir()
              + "): start it with --in-jvm, or use another directory");
    }
    if (!dir.hasPki()) {
      NetworkPki.init(dir.pkiDir(), topology.allSubjects(), settings.pkiValidity());
    }
    for (NodeSpec s : topology.nodes()) {
      specs.put(s.id(), s);
    }
    writeState(false);
    for (NodeRole tier :
        List.of(
            NodeRole.NODE_ROLE_NATIONAL, NodeRole.NODE_ROLE_PREFECTURE, NodeRole.NODE_ROLE_CS)) {
      List<RunningNode> started = new ArrayList<>();
      for (NodeSpec s : specs.values()) {
        if (s.id().role() == tier && isLocal(s)) {
          started.add(launch(s.id(), s.listen()));
          if (launcher.mode() == Mode.IN_JVM && started.size() % PROGRESS_EVERY == 0) {
            writeState(false); // 'up' shows how many have started
          }
        }
      }
      launcher.awaitListening(started);
      writeState(false);
    }
    writeState(true);
  }

  private RunningNode launch(PeerId id, HostPort listen) {
    NodeSpec spec = specs.get(id);
    HostPort upstream = null;
    if (spec.upstream() != null) {
      NodeSpec upSpec = specs.get(spec.upstream());
      if (upSpec == null) {
        throw new IllegalStateException(
            id + ": its upstream " + spec.upstream() + " is not part of the topology");
      }
      RunningNode up = nodes.get(spec.upstream());
      // An upstream on another host is at its topology address (fixed: requireAddressable).
      upstream =
          router.route(
              id,
              spec.upstream(),
              isLocal(upSpec)
                  ? new HostPort(dialHost(upSpec.listen()), up.port())
                  : upSpec.listen());
    }
    NodeConfig config =
        new NodeConfig(
            id,
            listen,
            dir.dataDir(id),
            dir.pkiDir(),
            upstream,
            spec.upstream(),
            dir.portFile(id),
            calendar);
    RecordedNetwork.saveConfig(dir, config);
    RunningNode node = gate.launch(() -> launcher.launch(config), RunningNode::process);
    nodes.put(id, node);
    return node;
  }

  private boolean isLocal(NodeSpec s) {
    return onHost == null || onHost.equals(s.listen().host());
  }

  private static String dialHost(HostPort listen) {
    return listen.host().equals("0.0.0.0") || listen.host().equals("::")
        ? LOCALHOST
        : listen.host();
  }

  private void writeState(boolean complete) {
    List<NetworkState.Node> list = new ArrayList<>();
    for (NodeSpec s : specs.values()) {
      if (!isLocal(s)) {
        list.add(NetworkState.Node.onOtherHost(s));
        continue;
      }
      RunningNode n = nodes.get(s.id());
      list.add(
          new NetworkState.Node(
              s.id().name(),
              s.upstream() == null ? null : s.upstream().name(),
              dialHost(s.listen()),
              n == null ? 0 : n.port(),
              dir.configFile(s.id()).toString(),
              n == null ? null : n.process()));
    }
    dir.writeState(
        new NetworkState(
            launcher.mode().word(),
            settings.topologyName(),
            createdAt,
            launcher.host(),
            complete,
            list,
            onHost));
  }

  public Mode mode() {
    return launcher.mode();
  }

  public RunDirectory directory() {
    return dir;
  }

  /** What the state file records. */
  public NetworkState state() {
    return dir.readState()
        .orElseThrow(() -> new IllegalStateException("no state file in " + dir.root()));
  }

  /** The in-JVM node object, for tests that want to reach into a node. */
  public Node inJvmNode(PeerId id) {
    if (!(nodes.get(id) instanceof InJvmNode n)) {
      throw new IllegalArgumentException(id + " is not an in-JVM node of this network");
    }
    return n.node();
  }

  public List<PeerId> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  /** The process running a node (this JVM for in-JVM nodes). */
  public ProcessRef process(PeerId id) {
    return node(id).process();
  }

  /**
   * Crashes a node: SIGKILL for a process; in-JVM, {@link Node#abandon()} (sockets closed without
   * goodbye, queued commits dropped).
   */
  public void kill(PeerId id) {
    LOG.info("{}: killing {}", dir.root(), id);
    node(id).kill();
  }

  /** Stops a node cleanly: its queued commits are written first. */
  public void stop(PeerId id) {
    LOG.info("{}: stopping {}", dir.root(), id);
    node(id).stop();
  }

  /** Starts a stopped or killed node again on the same port, so its downstream nodes find it. */
  public void restart(PeerId id) {
    RunningNode old = node(id);
    if (old.isAlive()) {
      old.kill();
    }
    NodeSpec spec = specs.get(id);
    launcher.awaitListening(List.of(launch(id, new HostPort(spec.listen().host(), old.port()))));
    writeState(true);
  }

  /** Every node's status and whether every expected link is up. */
  public NetworkStatus status() {
    return probe().probe(state(), Duration.ofSeconds(5));
  }

  /**
   * A node's own NodeStatus (links and counters), asked over the network as {@code status} does.
   */
  public NodeStatus nodeStatus(PeerId id) {
    NetworkState.Node n =
        state().nodes().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in this network"));
    return probe().nodeStatus(n, Duration.ofSeconds(5));
  }

  /** Waits until every node → upstream link is up, as the servers see it. */
  public NetworkStatus awaitAllLinksUp(Duration timeout) {
    try {
      NetworkStatus s = probe().awaitAllLinksUp(state().localView(), timeout);
      if (!s.allLinksUp() || !s.allAnswering()) {
        throw new LinksNotUpException(s, timeout);
      }
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for links", e);
    }
  }

  private synchronized NetworkProbe probe() {
    if (probe == null) {
      probe = new NetworkProbe(dir.pkiDir(), launcher.runtime());
    }
    return probe;
  }

  private RunningNode node(PeerId id) {
    RunningNode n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException(
          "no node " + id + " in this network (nodes: " + nodes.size() + ")");
    }
    return n;
  }

  /**
   * Lets go of the nodes without stopping them (process mode): {@code jukinet down} stops them
   * later.
   */
  public void detach() {
    launcher.detach();
    closed = true;
    closeProbe();
    launcher.close();
  }

  /** Stops every node (CSs first) and removes the state file; the data stays. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeProbe();
    List<RunningNode> order = new ArrayList<>(nodes.values());
    Collections.reverse(order);
    List<RunningNode> alive = order.stream().filter(RunningNode::isAlive).toList();
    alive.forEach(RunningNode::requestStop);
    alive.forEach(RunningNode::stop);
    launcher.close();
    dir.deleteState();
  }

  private synchronized void closeProbe() {
    if (probe != null) {
      probe.close();
      probe = null;
    }
  }
}
