package jp.jukinet.sim.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.NodeServer;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The transport's throughput in the shape of the reference peers (same JVM, loopback, mutual TLS
 * 1.3, C connections × W requests in flight, closed loop): SingleProvisionRequest →
 * SingleProvisionResponse over the real jukinet pipeline (frames, Hello, heartbeats, correlation
 * ids). The server does no lookup: it answers each request with a ~200-byte IdentityInfo built from
 * the request's 4情報, so both ends parse and serialise, like the raw-Netty peer. Prints the same
 * RESULT line as the peers.
 */
public final class TransportBench {
  /**
   * @param role "cs" (server: a prefecture) or "agency" (server: the national server)
   */
  public record Options(
      int conns,
      int window,
      Duration warmup,
      Duration duration,
      String role,
      int serverThreads,
      int clientThreads,
      String payload) {
    /** With the Japanese payload, the realistic one. */
    public Options(
        int conns,
        int window,
        Duration warmup,
        Duration duration,
        String role,
        int serverThreads,
        int clientThreads) {
      this(conns, window, warmup, duration, role, serverThreads, clientThreads, "ja");
    }

    public Options {
      if (!payload.equals("ja") && !payload.equals("ascii")) {
        throw new IllegalArgumentException("payload '" + payload + "' must be ja or ascii");
      }
      if (conns < 1 || window < 1) {
        throw new IllegalArgumentException(
            "conns " + conns + " and window " + window + " must be at least 1");
      }
      if (!role.equals("cs") && !role.equals("agency")) {
        throw new IllegalArgumentException("role '" + role + "' must be cs or agency");
      }
      if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(
            "warm-up " + warmup + " and window " + duration + " must be positive");
      }
    }

    public static Options defaults() {
      return new Options(8, 64, Duration.ofSeconds(10), Duration.ofSeconds(10), "cs", 2, 2);
    }

    Options withPayload(String p) {
      return new Options(conns, window, warmup, duration, role, serverThreads, clientThreads, p);
    }

    /** The 4情報 every request carries and every response echoes. */
    FourItems person() {
      return TransportBench.person(payload);
    }
  }

  /** The 4情報 of {@code --payload ja|ascii}. */
  public static FourItems person(String payload) {
    return payload.equals("ja") ? PERSON : PERSON_ASCII;
  }

  /** Four items of a made-up resident; with the codes the response is about 200 bytes. */
  static final FourItems PERSON =
      FourItems.newBuilder()
          .setName("山梨 太郎左衛門")
          .setBirthDate("1987-03-14")
          .setSex(Sex.SEX_MALE)
          .setAddress("山梨県甲府市丸の内一丁目6番1号 甲府マンション301号室（山梨県庁前バス停より徒歩五分）")
          .build();

  /**
   * The same 4情報 in ASCII with the same UTF-8 byte lengths: Japanese text costs UTF-8 ↔ UTF-16
   * transcoding at every parse and serialisation, which {@code --payload ascii} leaves out.
   */
  static final FourItems PERSON_ASCII =
      PERSON.toBuilder()
          .setName("Yamanashi Taro-zaemonx")
          .setAddress(
              "1-6-1 Marunouchi, Kofu-shi, Yamanashi-ken, Kofu Mansion 301 (5 min walk from the prefectural office bus stop)xxxxxxxxxxxxxx")
          .build();

  private TransportBench() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.defaults();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      o =
          switch (args[i]) {
            case "-c", "--conns" ->
                new Options(
                    Integer.parseInt(v),
                    o.window(),
                    o.warmup(),
                    o.duration(),
                    o.role(),
                    o.serverThreads(),
                    o.clientThreads(),
                    o.payload());
            case "-w", "--window" ->
                new Options(
                    o.conns(),
                    Integer.parseInt(v),
                    o.warmup(),
                    o.duration(),
                    o.role(),
                    o.serverThreads(),
                    o.clientThreads(),
                    o.payload());
            case "--warmup" ->
                new Options(
                    o.conns(),
                    o.window(),
                    Duration.ofMillis((long) (Double.parseDouble(v) * 1000)),
                    o.duration(),
                    o.role(),
                    o.serverThreads(),
                    o.clientThreads(),
                    o.payload());
            case "--duration" ->
                new Options(
                    o.conns(),
                    o.window(),
                    o.warmup(),
                    Duration.ofMillis((long) (Double.parseDouble(v) * 1000)),
                    o.role(),
                    o.serverThreads(),
                    o.clientThreads(),
                    o.payload());
            case "--role" ->
                new Options(
                    o.conns(),
                    o.window(),
                    o.warmup(),
                    o.duration(),
                    v,
                    o.serverThreads(),
                    o.clientThreads(),
                    o.payload());
            case "--payload" -> o.withPayload(v);
            default ->
                throw new IllegalArgumentException(
                    "unknown option "
                        + args[i]
                        + " (-c/--conns, -w/--window, --warmup S, --duration S, --role cs|agency, --payload ja|ascii)");
          };
    }
    System.out.println(run(o));
    System.exit(0);
  }

  /** Runs the benchmark and returns the RESULT line. */
  public static String run(Options o) throws Exception {
    PeerId server = o.role().equals("cs") ? PeerId.prefecture("190004") : PeerId.national();
    PeerId client =
        o.role().equals("cs") ? PeerId.cs("192015") : new PeerId(NodeRole.NODE_ROLE_AGENCY, "A01");
    TransportSettings settings = TransportSettings.defaults();
    try (BenchPki pki = BenchPki.create(server, client);
        TransportResources serverRes = TransportResources.create(o.serverThreads());
        TransportResources clientRes = TransportResources.create(o.clientThreads())) {
      NodeTls serverTls = pki.serverTls();
      NodeTls clientTls = pki.clientTls();
      try (NodeServer node =
          NodeServer.start(
              serverRes,
              serverTls,
              server,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              new LookupEcho(),
              LinkListener.NONE,
              settings)) {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < o.conns(); i++) {
          connections.add(
              TransportClient.connect(
                      clientRes,
                      clientTls,
                      client,
                      server,
                      node.localAddress(),
                      (c, e) -> {},
                      settings)
                  .get(30, TimeUnit.SECONDS));
        }
        List<Recorder> recorders = new ArrayList<>();
        Loop[] loops = new Loop[o.conns()];
        for (int i = 0; i < o.conns(); i++) {
          Recorder r = new Recorder(60_000_000_000L, 3);
          recorders.add(r);
          loops[i] = new Loop(connections.get(i), r, o.person());
          for (int w = 0; w < o.window(); w++) {
            loops[i].next();
          }
        }
        Window result = measure(recorders, o.warmup(), o.duration());
        for (Loop l : loops) {
          l.stopped = true;
        }
        long failures = 0;
        for (Loop l : loops) {
          failures += l.failures.get();
        }
        connections.forEach(Connection::close);
        Envelope sampleReq = request(o.person()).setMessageId(1).build();
        Envelope sampleResp =
            LookupEcho.response(sampleReq).setMessageId(2).setCorrelationId(1).build();
        return result.line(
            "jukinet-transport",
            o.conns(),
            o.window(),
            String.format(
                Locale.ROOT,
                "role=%s transport=%s tls=TLSv1.3/%s payload=%s request_bytes=%d payload_bytes=%d failures=%d",
                o.role(),
                clientRes.transportName(),
                NodeTls.defaultProvider(),
                o.payload(),
                sampleReq.getSerializedSize(),
                sampleResp.getSingleProvisionResponse().getMatches(0).getSerializedSize(),
                failures));
      }
    }
  }

  static Envelope.Builder request(FourItems person) {
    return Envelope.newBuilder()
        .setSingleProvisionRequest(
            SingleProvisionRequest.newBuilder()
                .setJimuCode("1-2")
                .setKey(ProvisionKey.newBuilder().setFourItems(person)));
  }

  /** The server side: answers every lookup with an IdentityInfo made from its key. */
  static final class LookupEcho implements EnvelopeHandler {
    @Override
    public void onEnvelope(Connection connection, Envelope envelope) {
      if (envelope.hasSingleProvisionRequest()) {
        connection.reply(envelope, response(envelope));
      }
    }

    static Envelope.Builder response(Envelope request) {
      return Envelope.newBuilder()
          .setSingleProvisionResponse(
              SingleProvisionResponse.newBuilder()
                  .addMatches(
                      identityInfo(request.getSingleProvisionRequest().getKey().getFourItems())));
    }
  }

  /** The ~200-byte 本人確認情報 every response carries; the reference peers echo the same record. */
  public static IdentityInfo identityInfo(FourItems who) {
    return IdentityInfo.newBuilder()
        .setJuminhyoCode("12345678901")
        .setIndividualNumber("123456789018")
        .setFourItems(who)
        .setMunicipalityCode("192015")
        .build();
  }

  /** One connection's closed loop: each response sends the next request at once. */
  static final class Loop {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    final Connection connection;
    final Recorder recorder;
    final AtomicLong failures = new AtomicLong();
    volatile boolean stopped;

    final FourItems person;

    Loop(Connection connection, Recorder recorder, FourItems person) {
      this.person = person;
      this.connection = connection;
      this.recorder = recorder;
    }

    void next() {
      if (stopped) {
        return;
      }
      // In a closed loop the intended send time is now: the previous response just arrived.
      long start = System.nanoTime();
      connection
          .request(request(person), TIMEOUT)
          .whenComplete(
              (resp, err) -> {
                if (err != null || resp.getSingleProvisionResponse().getMatchesCount() != 1) {
                  failures.incrementAndGet();
                } else {
                  recorder.recordValue(System.nanoTime() - start);
                }
                next();
              });
    }
  }

  /** What {@link #measure} saw over the measuring window. */
  public record Window(
      Histogram hist,
      double seconds,
      double cpuPct,
      double secMin,
      double secMax,
      String warmupTrace,
      String load1Before,
      String load1After) {
    /** The warm-up trace and the RESULT line ({@link BenchResult} reads it). */
    public String line(String name, int conns, int window, String extra) {
      double ops = hist.getTotalCount() / seconds;
      return String.format(
          Locale.ROOT,
          "INFO warmup ops/s per second: %s%n"
              + "RESULT name=%s conns=%d window=%d ops_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f"
              + " max_us=%.1f count=%d secs=%.2f sec_ops_min=%.0f sec_ops_max=%.0f cpu_pct=%.0f ops_per_cpu_s=%.0f"
              + " load1=%s/%s %s",
          warmupTrace,
          name,
          conns,
          window,
          ops,
          hist.getValueAtPercentile(50) / 1000.0,
          hist.getValueAtPercentile(99) / 1000.0,
          hist.getValueAtPercentile(99.9) / 1000.0,
          hist.getMaxValue() / 1000.0,
          hist.getTotalCount(),
          seconds,
          secMin,
          secMax,
          cpuPct,
          ops / (cpuPct / 100.0),
          load1Before,
          load1After,
          extra);
    }
  }

  /**
   * Warm-up in 1 s ticks (the trace shows the JIT settling), then the window, with the JVM's CPU
   * time.
   */
  public static Window measure(List<Recorder> recorders, Duration warmup, Duration duration)
      throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    StringBuilder trace = new StringBuilder();
    long warmEnd = System.nanoTime() + warmup.toNanos();
    while (System.nanoTime() < warmEnd) {
      long tick = System.nanoTime();
      Thread.sleep(Math.max(1, Math.min(1000, (warmEnd - tick) / 1_000_000)));
      long n = 0;
      for (Recorder r : recorders) {
        n += r.getIntervalHistogram().getTotalCount();
      }
      trace
          .append(trace.length() == 0 ? "" : ",")
          .append(Math.round(n / ((System.nanoTime() - tick) / 1e9)));
    }
    String load1Before = load1();
    for (Recorder r : recorders) {
      r.getIntervalHistogram(); // drop the warm-up
    }
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long end = t0 + duration.toNanos();
    Histogram total = new Histogram(60_000_000_000L, 3);
    double secMin = Double.MAX_VALUE;
    double secMax = 0;
    long t1 = t0;
    while (t1 < end) {
      Thread.sleep(Math.max(1, Math.min(1000, (end - t1) / 1_000_000)));
      long n = 0;
      for (Recorder r : recorders) {
        Histogram h = r.getIntervalHistogram();
        n += h.getTotalCount();
        total.add(h);
      }
      long now = System.nanoTime();
      if (now - t1 > 500_000_000L) { // a short tail tick says nothing about a second
        double rate = n / ((now - t1) / 1e9);
        secMin = Math.min(secMin, rate);
        secMax = Math.max(secMax, rate);
      }
      t1 = now;
    }
    long cpu1 = os.getProcessCpuTime();
    return new Window(
        total,
        (t1 - t0) / 1e9,
        100.0 * (cpu1 - cpu0) / (t1 - t0),
        secMin == Double.MAX_VALUE ? 0 : secMin,
        secMax,
        trace.toString(),
        load1Before,
        load1());
  }

  static String load1() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "na";
    }
  }
}
