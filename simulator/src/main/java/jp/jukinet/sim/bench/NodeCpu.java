package jp.jukinet.sim.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.ProcStat;

/**
 * CPU time (user + system) of a network's node processes, read from {@code /proc/<pid>/stat}: the
 * figure that survives a noisy machine, because it counts the work done rather than the time it
 * took. Processes are grouped by the kind of node they run ("CS", "prefecture", "national"; "host"
 * for the one JVM of in-JVM mode).
 */
public final class NodeCpu {
  /** Linux reports utime/stime in USER_HZ ticks, 100 per second on every architecture we run on. */
  private static final long TICKS_PER_SECOND = 100;

  /** One process and the kind of node it runs. */
  public record Proc(long pid, String kind) {
    public Proc {
      if (pid <= 0) {
        throw new IllegalArgumentException("pid " + pid + " is not a process id");
      }
      Objects.requireNonNull(kind, "kind");
    }
  }

  private final List<Proc> procs;

  public NodeCpu(List<Proc> procs) {
    this.procs = List.copyOf(procs);
  }

  /** The node processes of {@code state}: the host JVM in in-JVM mode, else one per node. */
  public static NodeCpu of(NetworkState state) {
    if (state.host() != null) {
      return new NodeCpu(List.of(new Proc(state.host().pid(), "host")));
    }
    Map<Long, Proc> byPid = new LinkedHashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.process() != null) {
        byPid.putIfAbsent(n.process().pid(), new Proc(n.process().pid(), kind(n.id().role())));
      }
    }
    return new NodeCpu(List.copyOf(byPid.values()));
  }

  static String kind(NodeRole role) {
    return switch (role) {
      case NODE_ROLE_CS -> "CS";
      case NODE_ROLE_PREFECTURE -> "prefecture";
      case NODE_ROLE_NATIONAL -> "national";
      default -> role.name();
    };
  }

  /** CPU microseconds used so far per kind (processes that cannot be read count 0). */
  public Map<String, Long> sampleMicros() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Proc p : procs) {
      out.merge(p.kind(), ticks(p.pid()) * (1_000_000 / TICKS_PER_SECOND), Long::sum);
    }
    return out;
  }

  /**
   * {@code end - start} per kind, divided by {@code changes}; plus "all". Empty when changes is 0.
   */
  public static Map<String, Double> perChange(
      Map<String, Long> start, Map<String, Long> end, long changes) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (changes <= 0) {
      return out;
    }
    long all = 0;
    for (Map.Entry<String, Long> e : end.entrySet()) {
      long used = e.getValue() - start.getOrDefault(e.getKey(), 0L);
      all += used;
      out.put(e.getKey(), (double) used / changes);
    }
    out.put("all", (double) all / changes);
    return out;
  }

  /** utime + stime of process {@code pid}, 0 if it cannot be read (it has ended). */
  static long ticks(long pid) {
    try {
      return ticks(ProcStat.read(pid));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime of a stat line (IllegalArgumentException when it is not one). */
  static long parseTicks(String statLine) {
    return ticks(ProcStat.parse(statLine));
  }

  /** Fields 14 (utime) and 15 (stime). */
  private static long ticks(ProcStat stat) {
    return stat.field(14) + stat.field(15);
  }
}
