package jp.jukinet.sim.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;

/**
 * The municipalities the demo works in, with their prefecture and population (the weight of births
 * and moves).
 */
public final class Sites {
  /** One municipality: its CS code, prefecture server, name and population. */
  public record Site(LocalGovernmentCode code, PeerId prefecture, String name, long population) {
    public Site {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(prefecture, "prefecture");
      Objects.requireNonNull(name, "name");
      if (population < 1) {
        throw new IllegalArgumentException(
            "municipality " + code + ": population " + population + " must be >= 1");
      }
    }
  }

  private final List<Site> sites;

  public Sites(List<Site> sites) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("the network has no municipality (CS) to drive");
    }
    this.sites = List.copyOf(sites);
  }

  /**
   * The CSs the state file records, named and weighted from {@code topology} when it describes them
   * (else named by code and weighted equally).
   */
  public static Sites of(NetworkState state, Topology topology) {
    List<Site> out = new ArrayList<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.id().role() != NodeRole.NODE_ROLE_CS || n.port() <= 0) {
        continue;
      }
      NodeSpec spec = topology == null ? null : topology.findNode(n.id()).orElse(null);
      String name = spec == null ? "市" + n.id().code() : spec.name();
      long population = spec == null ? 1 : Math.max(1, spec.population());
      out.add(new Site(LocalGovernmentCode.parse(n.id().code()), n.upstreamId(), name, population));
    }
    return new Sites(out);
  }

  public List<Site> all() {
    return sites;
  }

  /** The municipality of {@code code}, if the network has its CS. */
  public Optional<Site> site(LocalGovernmentCode code) {
    return sites.stream().filter(s -> s.code().equals(code)).findFirst();
  }

  public int prefectureCount() {
    Set<PeerId> prefs = sites.stream().map(Site::prefecture).collect(Collectors.toSet());
    return prefs.size();
  }

  /** A municipality chosen with probability proportional to its population. */
  public Site weighted(Random random) {
    return weighted(sites, random);
  }

  /**
   * Where someone living in {@code from} moves: another municipality of the same prefecture, or
   * (when {@code across}, or when the prefecture has no other) one of another prefecture, weighted
   * by population; null when the network has no other municipality.
   */
  public Site destination(Site from, boolean across, Random random) {
    List<Site> same = new ArrayList<>();
    List<Site> other = new ArrayList<>();
    for (Site s : sites) {
      if (s.equals(from)) {
        continue;
      }
      (s.prefecture().equals(from.prefecture()) ? same : other).add(s);
    }
    List<Site> first = across ? other : same;
    List<Site> second = across ? same : other;
    if (!first.isEmpty()) {
      return weighted(first, random);
    }
    return second.isEmpty() ? null : weighted(second, random);
  }

  private static Site weighted(List<Site> list, Random random) {
    long sum = list.stream().mapToLong(Site::population).sum();
    long x = (long) (random.nextDouble() * sum);
    for (Site s : list) {
      x -= s.population();
      if (x < 0) {
        return s;
      }
    }
    return list.get(list.size() - 1);
  }
}
