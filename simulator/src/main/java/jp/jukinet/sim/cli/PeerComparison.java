package jp.jukinet.sim.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.Ratio;
import jp.jukinet.sim.bench.peers.PeerKind;

/**
 * One jukinet figure against the reference peers measured in the same run (one round each): the
 * ratios, what {@code --json} prints of them, and their text lines.
 */
record PeerComparison(
    String ourName, Map<PeerKind, BenchResult> peers, Map<PeerKind, Ratio> ratios) {
  static PeerComparison of(String ourName, BenchResult ours, Map<PeerKind, BenchResult> peers) {
    Map<PeerKind, Ratio> ratios = new LinkedHashMap<>();
    peers.forEach((k, peer) -> ratios.put(k, Ratio.of(List.of(ours), List.of(peer))));
    return new PeerComparison(ourName, peers, ratios);
  }

  /** Each peer's RESULT fields, by peer id. */
  Map<String, Map<String, String>> peerFields() {
    Map<String, Map<String, String>> fields = new LinkedHashMap<>();
    peers.forEach((k, peer) -> fields.put(k.id(), peer.fields()));
    return fields;
  }

  /** Our ops/s over each peer's, by peer id. */
  Map<String, Double> opsRatios() {
    Map<String, Double> ops = new LinkedHashMap<>();
    ratios.forEach((k, ratio) -> ops.put(k.id(), Ratio.median(ratio.opsRatios())));
    return ops;
  }

  void printPeers(PrintWriter text) {
    for (BenchResult peer : peers.values()) {
      text.println(
          String.format(
              Locale.ROOT,
              "peer    %-28s ops/s=%,.0f p50=%sus p99=%sus",
              peer.name(),
              peer.opsPerSecond(),
              peer.get("p50_us"),
              peer.get("p99_us")));
    }
  }

  void printRatios(PrintWriter text) {
    for (Ratio ratio : ratios.values()) {
      text.println(ratio.line(ourName));
    }
  }
}
