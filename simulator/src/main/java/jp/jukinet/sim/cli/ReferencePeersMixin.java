package jp.jukinet.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.peers.PeerKind;
import jp.jukinet.sim.bench.peers.ReferencePeerBench;
import picocli.CommandLine.Option;

/**
 * {@code --peers} and {@code --no-peers}: the in-project reference peers a benchmark measures in
 * the same invocation, each in a JVM of its own, so that jukinet's figure is printed as a ratio
 * to them taken on the same machine at the same time.
 */
public final class ReferencePeersMixin {
  static final String HELP = "Reference peers (each in its own JVM, same record, connections, window, warm-up "
      + "and window as jukinet's run, mTLS 1.3 with a throw-away PKI of the project's own CA):%n"
      + "  netty-proto  raw Netty, length-prefixed frames, both sides parse and serialise the record: the ceiling;%n"
      + "               jukinet's ratio to it is below 1, and 1 minus it is what jukinet's protocol costs.%n"
      + "  grpc-stream  gRPC-java, one bidirectional stream per connection, W messages in flight.%n"
      + "  grpc-unary   gRPC-java unary calls, async stub, W calls in flight per channel.%n"
      + "Above 1x a gRPC peer, jukinet beats an off-the-shelf RPC stack on the same machine.%n"
      + "Figures, and even ratios, are noisy on a shared 2-core machine; gRPC needs ~16 s of warm-up to be fair%n"
      + "(the short default warm-up under-reports it). For a figure you write down: --warmup 16s --duration 8s --rounds 3.";

  @Option(names = "--peers", split = ",", paramLabel = "PEER", defaultValue = "netty-proto,grpc-stream,grpc-unary",
      description = "Reference peers to measure in the same run (default: ${DEFAULT-VALUE}).")
  List<String> peers;

  @Option(names = "--no-peers", description = "Measure no reference peer (no ratio is printed).")
  boolean noPeers;

  /** The peers asked for, in order, each once; none with --no-peers. */
  public List<PeerKind> kinds() {
    if (noPeers) {
      return List.of();
    }
    List<PeerKind> kinds = new ArrayList<>();
    for (String p : peers) {
      PeerKind k = PeerKind.of(p);
      if (!kinds.contains(k)) {
        kinds.add(k);
      }
    }
    return kinds;
  }

  /** Measures each peer once with these parameters, one after the other. */
  public Map<PeerKind, BenchResult> measure(int conns, int window, Duration warmup, Duration duration, String payload,
      PrintWriter progress) throws IOException, InterruptedException {
    Map<PeerKind, BenchResult> results = new LinkedHashMap<>();
    for (PeerKind k : kinds()) {
      results.put(k, ReferencePeerBench.inFreshJvm(
          new ReferencePeerBench.Options(k, conns, window, warmup, duration, payload), progress));
    }
    return results;
  }
}
