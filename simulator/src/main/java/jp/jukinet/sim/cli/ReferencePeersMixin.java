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
 * the same invocation, each in a JVM of its own, so that jukinet's figure is printed as a ratio to
 * them taken on the same machine at the same time.
 */
public final class ReferencePeersMixin {
  static final String HELP =
      "%nReference peers: each runs in a JVM of its own with the same record,%n"
          + "connections, requests in flight, warm-up and measuring window as jukinet,%n"
          + "over mTLS 1.3 with a throw-away PKI of the project's own CA; client and%n"
          + "server share the JVM.%n"
          + "  netty-proto  raw Netty, length-prefixed frames; both sides parse and%n"
          + "               serialise the record: the ceiling (jukinet is below 1x; the%n"
          + "               rest is what jukinet's protocol costs per round trip)%n"
          + "  grpc-stream  gRPC-java, one bidirectional stream per connection%n"
          + "  grpc-unary   gRPC-java unary calls, async stub, W calls in flight%n"
          + "Above 1x a gRPC peer, jukinet beats an off-the-shelf RPC stack here.%n"
          + "On a shared 2-core machine figures, and even ratios, are noisy; gRPC needs%n"
          + "~16 s of warm-up (the short default under-reports it). For a figure you%n"
          + "write down: --warmup 16s --duration 8s --rounds 3.";

  @Option(
      names = "--peers",
      split = ",",
      paramLabel = "PEER",
      defaultValue = "netty-proto,grpc-stream,grpc-unary",
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
  public Map<PeerKind, BenchResult> measure(
      int conns,
      int window,
      Duration warmup,
      Duration duration,
      String payload,
      PrintWriter progress)
      throws IOException, InterruptedException {
    Map<PeerKind, BenchResult> results = new LinkedHashMap<>();
    for (PeerKind k : kinds()) {
      results.put(
          k,
          ReferencePeerBench.inFreshJvm(
              new ReferencePeerBench.Options(k, conns, window, warmup, duration, payload),
              progress));
    }
    return results;
  }
}
