package jp.jukinet.sim.network;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.cs.CsNode;
import jp.jukinet.cs.CsNodeMain;
import jp.jukinet.national.NationalServer;
import jp.jukinet.national.NationalServerMain;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.pref.PrefServerMain;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.node.runtime.Node;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.status.NetworkProbe;
import jp.jukinet.sim.status.NetworkStatus;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole local 住基ネット: the one harness behind {@code jukinet up/down/status} and the
 * tests. Starts the national server, then the prefecture servers, then the CSs (each tier once
 * the previous one listens, since a node's config names its upstream's port), records every
 * node in the run directory's state file, and can kill, restart and await links.
 *
 * <p>{@link #close()} stops every node; {@link #detach()} leaves them running for a later
 * {@code jukinet down}.
 */
public final class LocalNetwork implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalNetwork.class);
  private static final String LOCALHOST = "127.0.0.1";

  private final Mode mode;
  private final RunDirectory dir;
  private final LaunchSettings settings;
  private final NodeRuntime runtime;
  private final Map<PeerId, NodeSpec> specs = new LinkedHashMap<>();
  private final Map<PeerId, RunningNode> nodes = new LinkedHashMap<>();
  private final Map<PeerId, NodeConfig> configs = new LinkedHashMap<>();
  private final long createdAt;
  private NetworkProbe probe;
  private boolean closed;

  private LocalNetwork(Mode mode, RunDirectory dir, LaunchSettings settings, NodeRuntime runtime) {
    this.mode = mode;
    this.dir = dir;
    this.settings = settings;
    this.runtime = runtime;
    this.createdAt = Clock.systemUTC().millis();
  }

  /** Starts a network with default settings. */
  public static LocalNetwork start(Topology topology, Mode mode, Path runDir) {
    return start(topology, mode, new RunDirectory(runDir), LaunchSettings.defaults("custom"));
  }

  /**
   * Starts every node of {@code topology} and returns once each listens (links come up later:
   * see {@link #awaitAllLinksUp}). Generates the PKI when the run directory has none. Refuses
   * when a network recorded in the same directory still runs; a stale state file (its
   * processes gone, after a crash) is replaced.
   *
   * @throws NetworkAlreadyRunningException when the directory's network is alive
   */
  public static LocalNetwork start(Topology topology, Mode mode, RunDirectory dir, LaunchSettings settings) {
    Objects.requireNonNull(topology, "topology");
    refuseIfRunning(dir);
    // The in-JVM nodes share this runtime; in process mode it only serves the status probe.
    NodeRuntime runtime = mode == Mode.IN_JVM
        // The shared budget, not one node's: with 32 MB for a whole network the write-buffer
        // manager flushed memtables of a few kB (thousands of L0 files a minute, write stalls).
        ? NodeRuntime.create(settings.workerThreads(), Math.max(2, Runtime.getRuntime().availableProcessors()),
            NodeRuntime.sharedStore(topology.nodes().size(), FileDescriptors.limit()))
        : NodeRuntime.create(1, 1);
    LocalNetwork net = new LocalNetwork(mode, dir, settings, runtime);
    try {
      net.launchAll(topology);
      return net;
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  /** Throws when the state file names processes that still run. */
  public static void refuseIfRunning(RunDirectory dir) {
    dir.readState().ifPresent(state -> {
      List<ProcessRef> live = state.liveProcesses();
      if (!live.isEmpty()) {
        throw new NetworkAlreadyRunningException(dir, state, live.size());
      }
      LOG.info("{}: replacing the stale state of a network whose processes are gone", dir.root());
    });
  }

  private void launchAll(Topology topology) {
    try {
      Files.createDirectories(dir.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + dir.root(), e);
    }
    if (!dir.hasPki()) {
      NetworkPki.init(dir.pkiDir(), topology.allSubjects(), settings.pkiValidity());
    }
    for (NodeSpec s : topology.nodes()) {
      specs.put(s.id(), s);
    }
    writeState(false);
    for (NodeRole tier : List.of(NodeRole.NODE_ROLE_NATIONAL, NodeRole.NODE_ROLE_PREFECTURE, NodeRole.NODE_ROLE_CS)) {
      List<PeerId> started = new ArrayList<>();
      for (NodeSpec s : specs.values()) {
        if (s.id().role() == tier) {
          launch(s.id(), s.listen());
          started.add(s.id());
        }
      }
      awaitPorts(started);
      writeState(false);
    }
    writeState(true);
  }

  private void launch(PeerId id, HostPort listen) {
    NodeSpec spec = specs.get(id);
    HostPort upstream = null;
    if (spec.upstream() != null) {
      RunningNode up = nodes.get(spec.upstream());
      if (up == null) {
        throw new IllegalStateException(id + ": its upstream " + spec.upstream() + " is not part of the topology");
      }
      upstream = new HostPort(dialHost(specs.get(spec.upstream()).listen()), up.port());
    }
    NodeConfig config = new NodeConfig(id, listen, dir.dataDir(id), dir.pkiDir(), upstream, spec.upstream(),
        dir.portFile(id));
    config.save(dir.configFile(id));
    configs.put(id, config);
    try {
      Files.deleteIfExists(dir.portFile(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RunningNode node = switch (mode) {
      case PROCESS -> ProcessNode.launch(id, mainClass(id), dir.configFile(id), dir.logFile(id), settings);
      case IN_JVM -> new InJvmNode(startInJvm(config));
    };
    nodes.put(id, node);
  }

  private Node startInJvm(NodeConfig config) {
    return switch (config.node().role()) {
      case NODE_ROLE_NATIONAL -> NationalServer.start(config, runtime);
      case NODE_ROLE_PREFECTURE -> PrefServer.start(config, runtime);
      case NODE_ROLE_CS -> CsNode.start(config, runtime);
      default -> throw new IllegalArgumentException(config.node() + " is not a node that runs");
    };
  }

  private static String mainClass(PeerId id) {
    return switch (id.role()) {
      case NODE_ROLE_NATIONAL -> NationalServerMain.class.getName();
      case NODE_ROLE_PREFECTURE -> PrefServerMain.class.getName();
      case NODE_ROLE_CS -> CsNodeMain.class.getName();
      default -> throw new IllegalArgumentException(id + " is not a node that runs");
    };
  }

  /** Waits until each process wrote its port file; fails early when one exits. */
  private void awaitPorts(List<PeerId> ids) {
    if (mode == Mode.IN_JVM) {
      return; // start() returned after bind
    }
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    List<PeerId> waiting = new ArrayList<>(ids);
    while (!waiting.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext(); ) {
        PeerId id = it.next();
        ProcessNode node = (ProcessNode) nodes.get(id);
        var port = dir.readPort(id);
        if (port.isPresent()) {
          node.setPort(port.get());
          it.remove();
        } else if (!node.isAlive()) {
          throw new IllegalStateException(id + " exited before listening; see " + dir.logFile(id) + lastLines(id));
        }
      }
      if (waiting.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(waiting.size() + " nodes did not listen within " + settings.startTimeout()
            + ", first " + waiting.get(0) + "; see " + dir.logFile(waiting.get(0)));
      }
      try {
        Thread.sleep(25); // a port file from another process: nothing to block on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting nodes", e);
      }
    }
  }

  private String lastLines(PeerId id) {
    try {
      List<String> lines = Files.readAllLines(dir.logFile(id));
      return ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static String dialHost(HostPort listen) {
    return listen.host().equals("0.0.0.0") || listen.host().equals("::") ? LOCALHOST : listen.host();
  }

  private void writeState(boolean complete) {
    List<NetworkState.Node> list = new ArrayList<>();
    for (NodeSpec s : specs.values()) {
      RunningNode n = nodes.get(s.id());
      list.add(new NetworkState.Node(s.id().name(), s.upstream() == null ? null : s.upstream().name(),
          dialHost(s.listen()), n == null ? 0 : n.port(), dir.configFile(s.id()).toString(),
          n == null ? null : n.process()));
    }
    ProcessRef host = mode == Mode.IN_JVM ? ProcessRef.of(ProcessHandle.current()) : null;
    dir.writeState(new NetworkState(mode.word(), settings.topologyName(), createdAt, host, complete, list));
  }

  public Mode mode() {
    return mode;
  }

  public RunDirectory directory() {
    return dir;
  }

  /** What the state file records. */
  public NetworkState state() {
    return dir.readState().orElseThrow(() -> new IllegalStateException("no state file in " + dir.root()));
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

  /** Crashes a node: SIGKILL for a process, an abrupt close of its sockets in-JVM. */
  public void kill(PeerId id) {
    LOG.info("{}: killing {}", dir.root(), id);
    node(id).kill();
  }

  /** Starts a stopped or killed node again on the same port, so its downstream nodes find it. */
  public void restart(PeerId id) {
    RunningNode old = node(id);
    if (old.isAlive()) {
      old.kill();
    }
    NodeSpec spec = specs.get(id);
    launch(id, new HostPort(spec.listen().host(), old.port()));
    awaitPorts(List.of(id));
    writeState(true);
  }

  /**
   * {@code jukinet restart}: starts again, from another JVM, one node of a process-mode network
   * recorded in {@code dir} (stopping it first if it still runs), on the port the state file
   * records so its downstream nodes find it, and records its new process.
   *
   * @return the node's new process
   */
  public static ProcessRef restartRecorded(RunDirectory dir, PeerId id, LaunchSettings settings) {
    NetworkState state = dir.readState().orElseThrow(() -> new IllegalStateException("no network recorded in "
        + dir.root()));
    if (state.modeValue() != Mode.PROCESS) {
      throw new IllegalStateException("the network in " + dir.root() + " runs in one JVM (" + state.mode()
          + "): its nodes restart with the host ('down', then 'up')");
    }
    NetworkState.Node recorded = state.nodes().stream().filter(n -> n.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the network in " + dir.root() + " has no node " + id));
    if (recorded.port() <= 0) {
      throw new IllegalStateException(id + " never published its port: nothing to restart on");
    }
    if (recorded.process() != null) {
      recorded.process().live().ifPresent(h -> {
        h.destroy();
        try {
          h.onExit().get(settings.stopGrace().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          h.destroyForcibly();
          if (!NetworkStopper.awaitExit(h.onExit(), h::isAlive, NetworkStopper.KILL_WAIT.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(id + " (pid " + h.pid() + ") still runs after SIGKILL: not restarted");
          }
        } catch (java.util.concurrent.ExecutionException e) {
          // gone anyway
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while stopping " + id, e);
        }
      });
    }
    NodeConfig old = NodeConfig.load(dir.configFile(id));
    NodeConfig config = new NodeConfig(id, new HostPort(old.listen().host(), recorded.port()), old.dataDir(),
        old.pkiDir(), old.upstream(), old.upstreamNode(), old.portFile());
    config.save(dir.configFile(id));
    try {
      Files.deleteIfExists(dir.portFile(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("{}: restarting {} on port {}", dir.root(), id, recorded.port());
    ProcessNode node = ProcessNode.launch(id, mainClass(id), dir.configFile(id), dir.logFile(id), settings);
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (dir.readPort(id).isEmpty()) {
      if (!node.isAlive()) {
        throw new IllegalStateException(id + " exited before listening; see " + dir.logFile(id));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " did not listen within " + settings.startTimeout() + "; see "
            + dir.logFile(id));
      }
      try {
        Thread.sleep(25); // a port file from another process: nothing to block on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting " + id, e);
      }
    }
    List<NetworkState.Node> nodes = new ArrayList<>();
    for (NetworkState.Node n : dir.readState().orElse(state).nodes()) {
      nodes.add(n.id().equals(id) ? new NetworkState.Node(n.name(), n.upstream(), n.host(), n.port(), n.config(),
          node.process()) : n);
    }
    dir.writeState(state.withNodes(nodes, state.complete()));
    return node.process();
  }

  /** Every node's status and whether every expected link is up. */
  public NetworkStatus status() {
    return probe().probe(state(), Duration.ofSeconds(5));
  }

  /** Waits until every node → upstream link is up, as the servers see it. */
  public NetworkStatus awaitAllLinksUp(Duration timeout) {
    try {
      NetworkStatus s = probe().awaitAllLinksUp(state(), timeout);
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
      probe = new NetworkProbe(dir.pkiDir(), runtime);
    }
    return probe;
  }

  private RunningNode node(PeerId id) {
    RunningNode n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id + " in this network (nodes: " + nodes.size() + ")");
    }
    return n;
  }

  /** Lets go of the nodes without stopping them (process mode): {@code jukinet down} stops them later. */
  public void detach() {
    if (mode != Mode.PROCESS) {
      throw new IllegalStateException("only process-mode nodes outlive the JVM that started them");
    }
    closed = true;
    closeProbeAndRuntime();
  }

  /** Stops every node (CSs first) and removes the state file; the data stays. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<RunningNode> order = new ArrayList<>(nodes.values());
    java.util.Collections.reverse(order);
    if (probe != null) {
      probe.close();
      probe = null;
    }
    // Process mode: signal everyone first, then wait, so N nodes take one grace period, not N.
    order.forEach(n -> {
      if (n instanceof ProcessNode p && p.isAlive()) {
        p.process().live().ifPresent(ProcessHandle::destroy);
      }
    });
    order.forEach(n -> n.stop(settings.stopGrace()));
    closeProbeAndRuntime();
    dir.deleteState();
  }

  private void closeProbeAndRuntime() {
    if (probe != null) {
      probe.close();
      probe = null;
    }
    runtime.close();
  }
}
