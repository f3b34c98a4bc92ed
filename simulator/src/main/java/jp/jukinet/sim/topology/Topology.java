package jp.jukinet.sim.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * A 住基ネット to run: the national server, prefecture servers and CSs with where each listens, and the
 * clients that need certificates but are not nodes: the agencies (提供先), one operator per CS (its
 * 既存住基システム / CS端末, code {@code <cs code>-01}), one prefectural terminal (業務端末) per prefecture (code
 * {@code <pref code>-01}) and the simulator's monitor ({@code monitor-01}). Build one with {@link
 * Topologies#resolve(String)}.
 *
 * @param name {@code yamanashi}, {@code japan}, {@code synthetic:3x4} or the file's name
 * @param national the national server
 * @param prefectures prefecture servers, in code order
 * @param css CSs, grouped by prefecture
 * @param agencies one AGENCY peer per 提供先
 */
public record Topology(
    String name,
    NodeSpec national,
    List<NodeSpec> prefectures,
    List<NodeSpec> css,
    List<PeerId> agencies) {

  /** An expected connection: {@code from} dials {@code to}. */
  public record Link(PeerId from, PeerId to) {
    public Link {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
      return from + "→" + to;
    }
  }

  public static final String FIRST_CLIENT = "01";

  public Topology {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(national, "national");
    prefectures = List.copyOf(prefectures);
    css = List.copyOf(css);
    agencies = List.copyOf(agencies);
    String where = "topology " + name + ": ";
    if (national.id().role() != NodeRole.NODE_ROLE_NATIONAL) {
      throw new IllegalArgumentException(where + national.id() + " is not the national server");
    }
    Set<PeerId> ids = new HashSet<>();
    ids.add(national.id());
    Map<HostPort, PeerId> fixedAddresses = new HashMap<>();
    checkAddress(where, national, fixedAddresses);
    for (NodeSpec p : prefectures) {
      if (p.id().role() != NodeRole.NODE_ROLE_PREFECTURE || !national.id().equals(p.upstream())) {
        throw new IllegalArgumentException(
            where + p.id() + " is not a prefecture server under the national server");
      }
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException(where + "duplicate node " + p.id());
      }
      checkAddress(where, p, fixedAddresses);
    }
    for (NodeSpec c : css) {
      if (c.id().role() != NodeRole.NODE_ROLE_CS) {
        throw new IllegalArgumentException(where + c.id() + " is not a CS");
      }
      if (!ids.contains(c.upstream())) {
        throw new IllegalArgumentException(
            where + c.label() + ": its prefecture " + c.upstream() + " is not in the topology");
      }
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException(where + "duplicate node " + c.id());
      }
      checkAddress(where, c, fixedAddresses);
    }
    for (PeerId a : agencies) {
      if (a.role() != NodeRole.NODE_ROLE_AGENCY || !ids.add(a)) {
        throw new IllegalArgumentException(where + a + " is not a distinct agency");
      }
    }
  }

  /** Two nodes may both ask for port 0, but never for the same fixed host:port. */
  private static void checkAddress(String where, NodeSpec node, Map<HostPort, PeerId> fixed) {
    if (node.listen().port() == 0) {
      return;
    }
    PeerId other = fixed.putIfAbsent(node.listen(), node.id());
    if (other != null) {
      throw new IllegalArgumentException(
          where + node.id() + " and " + other + " both listen on " + node.listen());
    }
  }

  /** Every server in start order: the national server, the prefectures, then the CSs. */
  public List<NodeSpec> nodes() {
    List<NodeSpec> all = new ArrayList<>(1 + prefectures.size() + css.size());
    all.add(national);
    all.addAll(prefectures);
    all.addAll(css);
    return List.copyOf(all);
  }

  public Optional<NodeSpec> findNode(PeerId id) {
    if (national.id().equals(id)) {
      return Optional.of(national);
    }
    List<NodeSpec> group = id.role() == NodeRole.NODE_ROLE_PREFECTURE ? prefectures : css;
    return group.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** The node with this id; fails naming the topology when there is none. */
  public NodeSpec node(PeerId id) {
    return findNode(id)
        .orElseThrow(() -> new IllegalArgumentException("topology " + name + " has no node " + id));
  }

  /** The CSs under one prefecture server. */
  public List<NodeSpec> cssOf(PeerId prefecture) {
    return css.stream().filter(c -> c.upstream().equals(prefecture)).toList();
  }

  /** One operator per CS: OPERATOR {@code <cs code>-01}. */
  public List<PeerId> operators() {
    return css.stream().map(c -> operatorOf(c.id())).toList();
  }

  /** One 業務端末 per prefecture: PREF_TERMINAL {@code <pref code>-01}. */
  public List<PeerId> prefTerminals() {
    return prefectures.stream().map(p -> prefTerminalOf(p.id())).toList();
  }

  public static PeerId operatorOf(PeerId cs) {
    return new PeerId(NodeRole.NODE_ROLE_OPERATOR, cs.code() + "-" + FIRST_CLIENT);
  }

  public static PeerId prefTerminalOf(PeerId prefecture) {
    return new PeerId(NodeRole.NODE_ROLE_PREF_TERMINAL, prefecture.code() + "-" + FIRST_CLIENT);
  }

  /** The simulator's control client, MONITOR {@code 01}. */
  public PeerId monitor() {
    return new PeerId(NodeRole.NODE_ROLE_MONITOR, FIRST_CLIENT);
  }

  /** Every subject that needs a certificate: nodes, agencies, operators, terminals, the monitor. */
  public List<PeerId> allSubjects() {
    List<PeerId> all = new ArrayList<>();
    nodes().forEach(n -> all.add(n.id()));
    all.addAll(agencies);
    all.addAll(operators());
    all.addAll(prefTerminals());
    all.add(monitor());
    return List.copyOf(all);
  }

  /**
   * The server-to-server links expected up: each CS to its prefecture, each prefecture to the
   * national server.
   */
  public List<Link> links() {
    List<Link> links = new ArrayList<>(prefectures.size() + css.size());
    prefectures.forEach(p -> links.add(new Link(p.id(), p.upstream())));
    css.forEach(c -> links.add(new Link(c.id(), c.upstream())));
    return List.copyOf(links);
  }

  /** The hosts the nodes listen on, in start order (one for a generated topology). */
  public List<String> hosts() {
    return nodes().stream().map(n -> n.listen().host()).distinct().toList();
  }

  /**
   * The nodes that run on {@code host} (their listen address's host), for {@code up --host}.
   *
   * @throws IllegalArgumentException naming the topology's hosts when none listens there
   */
  public List<NodeSpec> nodesOn(String host) {
    List<NodeSpec> on = nodes().stream().filter(n -> n.listen().host().equals(host)).toList();
    if (on.isEmpty()) {
      throw new IllegalArgumentException(
          "topology " + name + " has no node on host " + host + " (its hosts: " + hosts() + ")");
    }
    return on;
  }

  /**
   * Checks that every node can be found from another host: a fixed port, and an address that is not
   * a wildcard (0.0.0.0 or ::), as a network spread over hosts needs.
   *
   * @throws IllegalArgumentException naming the first nodes that cannot
   */
  public void requireAddressable() {
    List<String> bad =
        nodes().stream()
            .filter(
                n ->
                    n.listen().port() == 0
                        || n.listen().host().equals("0.0.0.0")
                        || n.listen().host().equals("::"))
            .map(n -> n.id() + " (" + n.listen() + ")")
            .toList();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "topology "
              + name
              + ": a network across hosts needs every node at a fixed host:port that other hosts"
              + " can dial; not so: "
              + String.join(", ", bad.subList(0, Math.min(10, bad.size())))
              + (bad.size() > 10 ? ", …" : ""));
    }
  }

  /** Residents across all CSs. */
  public long population() {
    return css.stream().mapToLong(NodeSpec::population).sum();
  }
}
