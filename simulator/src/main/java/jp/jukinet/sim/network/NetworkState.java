package jp.jukinet.sim.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;

/**
 * What {@code up} started, as written to {@code <run dir>/state.json}: enough for {@code down} and
 * {@code status} in another JVM. In in-JVM mode every node's process is the host's.
 *
 * <p>A network spread over hosts ({@code up --host}) records every node of the topology, so {@code
 * status} and {@code verify} on any host see the whole network; only the nodes on {@code onHost}
 * have a process here.
 *
 * @param complete false while nodes are still being started
 * @param onHost the host whose share of the topology this directory runs; null when it runs all
 */
public record NetworkState(
    String mode,
    String topology,
    long createdAtMillis,
    ProcessRef host,
    boolean complete,
    List<Node> nodes,
    String onHost) {

  /** One node: where its config is, which port it bound and which process runs it. */
  public record Node(
      String name, String upstream, String host, int port, String config, ProcessRef process) {
    public Node {
      PeerId.parse(name);
      Objects.requireNonNull(config, "config");
    }

    /** A node another host runs: at its topology address, no config or process here. */
    public static Node onOtherHost(NodeSpec s) {
      return new Node(
          s.id().name(),
          s.upstream() == null ? null : s.upstream().name(),
          s.listen().host(),
          s.listen().port(),
          "(on host " + s.listen().host() + ")",
          null);
    }

    @JsonIgnore
    public PeerId id() {
      return PeerId.parse(name);
    }

    @JsonIgnore
    public PeerId upstreamId() {
      return upstream == null ? null : PeerId.parse(upstream);
    }
  }

  public NetworkState {
    Mode.ofWord(mode);
    nodes = List.copyOf(nodes);
  }

  @JsonIgnore
  public Mode modeValue() {
    return Mode.ofWord(mode);
  }

  /** Every distinct process recorded (one for in-JVM mode). */
  @JsonIgnore
  public List<ProcessRef> processes() {
    Set<Long> seen = new LinkedHashSet<>();
    List<ProcessRef> out = new ArrayList<>();
    if (host != null && seen.add(host.pid())) {
      out.add(host);
    }
    for (Node n : nodes) {
      if (n.process() != null && seen.add(n.process().pid())) {
        out.add(n.process());
      }
    }
    return out;
  }

  /** The recorded processes that still run. */
  @JsonIgnore
  public List<ProcessRef> liveProcesses() {
    return processes().stream().filter(ProcessRef::isLive).toList();
  }

  public NetworkState withNodes(List<Node> newNodes, boolean isComplete) {
    return new NetworkState(mode, topology, createdAtMillis, host, isComplete, newNodes, onHost);
  }

  /**
   * A network as its topology places it, for {@code status} and {@code verify} on a host that
   * started none of it: every node at its topology address, no process known.
   */
  public static NetworkState ofTopology(Topology topology) {
    topology.requireAddressable();
    List<Node> nodes = topology.nodes().stream().map(Node::onOtherHost).toList();
    return new NetworkState(Mode.PROCESS.word(), topology.name(), 0, null, true, nodes, null);
  }

  /** Whether this directory runs {@code node} (always, unless it runs one host's share). */
  public boolean isLocal(Node node) {
    return onHost == null || onHost.equals(node.host());
  }

  /**
   * The part of the network whose links this host's {@code up} waits for: its own nodes, each
   * linked to its upstream, and the upstreams on other hosts (which must answer, but whose own
   * links are their host's to wait for).
   */
  @JsonIgnore
  public NetworkState localView() {
    if (onHost == null) {
      return this;
    }
    Set<String> upstreams = new LinkedHashSet<>();
    nodes.stream().filter(this::isLocal).forEach(n -> upstreams.add(n.upstream()));
    List<Node> view = new ArrayList<>();
    for (Node n : nodes) {
      if (isLocal(n)) {
        view.add(n);
      } else if (upstreams.contains(n.name())) {
        view.add(new Node(n.name(), null, n.host(), n.port(), n.config(), n.process()));
      }
    }
    return withNodes(view, complete);
  }
}
