package jp.jukinet.sim.bench.peers;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.sim.bench.BenchJvm;
import jp.jukinet.sim.bench.BenchPki;
import jp.jukinet.sim.bench.BenchResult;
import jp.jukinet.sim.bench.TransportBench;
import org.HdrHistogram.Recorder;

/**
 * Measures one reference peer in the shape of {@link TransportBench} (same JVM for both ends,
 * loopback, the same record, C connections x W in flight, the same warm-up and window, the same
 * RESULT line), so a benchmark can report jukinet as a ratio to it. Each peer runs in a JVM of its
 * own ({@link #inFreshJvm}): gRPC's classes are loaded there and nowhere else.
 */
public final class ReferencePeerBench {
  /** What to measure; {@code payload} is ja or ascii, as in {@code bench transport --payload}. */
  public record Options(
      PeerKind kind, int conns, int window, Duration warmup, Duration duration, String payload) {
    public Options {
      Objects.requireNonNull(kind, "kind");
      if (conns < 1 || window < 1) {
        throw new IllegalArgumentException(
            "conns " + conns + " and window " + window + " must be at least 1");
      }
      if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(
            "warm-up " + warmup + " and window " + duration + " must be positive");
      }
      if (!payload.equals("ja") && !payload.equals("ascii")) {
        throw new IllegalArgumentException("payload '" + payload + "' must be ja or ascii");
      }
    }

    List<String> args() {
      return List.of(
          "--peer",
          kind.id(),
          "-c",
          Integer.toString(conns),
          "-w",
          Integer.toString(window),
          "--warmup",
          Long.toString(warmup.toMillis()),
          "--duration",
          Long.toString(duration.toMillis()),
          "--payload",
          payload);
    }

    static Options parse(String[] args) {
      PeerKind kind = null;
      int conns = 8;
      int window = 64;
      Duration warmup = Duration.ofSeconds(3);
      Duration duration = Duration.ofSeconds(3);
      String payload = "ja";
      for (int i = 0; i + 1 < args.length; i += 2) {
        String v = args[i + 1];
        switch (args[i]) {
          case "--peer" -> kind = PeerKind.of(v);
          case "-c" -> conns = Integer.parseInt(v);
          case "-w" -> window = Integer.parseInt(v);
          case "--warmup" -> warmup = Duration.ofMillis(Long.parseLong(v));
          case "--duration" -> duration = Duration.ofMillis(Long.parseLong(v));
          case "--payload" -> payload = v;
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + " (--peer "
                      + PeerKind.ids()
                      + ", -c C, -w W, --warmup MS, --duration MS, --payload ja|ascii)");
        }
      }
      return new Options(kind, conns, window, warmup, duration, payload);
    }
  }

  private ReferencePeerBench() {}

  public static void main(String[] args) throws Exception {
    System.out.println(run(Options.parse(args)));
    System.exit(0);
  }

  /** Runs {@code o} in a fresh JVM with the benchmarks' JVM flags and reads its RESULT line. */
  public static BenchResult inFreshJvm(Options o, PrintWriter progress)
      throws IOException, InterruptedException {
    return BenchJvm.run(
        ReferencePeerBench.class, o.args(), o.warmup().plus(o.duration()).plusMinutes(3), progress);
  }

  /** The record every peer echoes: the 本人確認情報 that {@link TransportBench}'s server answers with. */
  static IdentityInfo record(String payload) {
    return TransportBench.identityInfo(TransportBench.person(payload));
  }

  /** Runs the benchmark in this JVM and returns the warm-up trace and the RESULT line. */
  public static String run(Options o) throws Exception {
    IdentityInfo record = record(o.payload());
    try (BenchPki pki = BenchPki.create(PeerId.prefecture("190004"), PeerId.cs("192015"));
        ReferencePeer peer = o.kind().start(pki, record, o.conns(), o.window(), 2, 2)) {
      List<Recorder> recorders = peer.start();
      TransportBench.Window window = TransportBench.measure(recorders, o.warmup(), o.duration());
      peer.stop();
      return window.line(
          "peer-" + o.kind().id(),
          o.conns(),
          o.window(),
          peer.wire()
              + " payload="
              + o.payload()
              + " payload_bytes="
              + record.getSerializedSize()
              + " failures="
              + peer.failures());
    }
  }
}
