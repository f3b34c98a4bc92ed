package jp.jukinet.sim.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import jp.jukinet.protocol.pki.PeerId;

/**
 * What {@code up} started, as written to {@code <run dir>/state.json}: enough for {@code down} and
 * {@code status} in another JVM. In in-JVM mode every node's process is the host's.
 *
 * @param complete false while nodes are still being started
 */
public record NetworkState(
    String mode,
    String topology,
    long createdAtMillis,
    ProcessRef host,
    boolean complete,
    List<Node> nodes) {

  /** One node: where its config is, which port it bound and which process runs it. */
  public record Node(
      String name, String upstream, String host, int port, String config, ProcessRef process) {
    public Node {
      PeerId.parse(name);
      Objects.requireNonNull(config, "config");
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
    return new NetworkState(mode, topology, createdAtMillis, host, isComplete, newNodes);
  }
}
