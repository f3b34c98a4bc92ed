package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.workload.AgencyClient;

/**
 * Runs an {@code agency} step: the agency's 即時提供 lookups at the step's rate ({@link RateLoop}),
 * each for the 住民票コード of a living resident the run registered, through its own certificate.
 */
final class AgencyRunner {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final TransportResources transport;
  private final Path pkiDir;
  private final InetSocketAddress national;
  private final DemoWorkload workload;
  private final RateLoop loop;
  private final Metrics metrics;
  private final History history;

  AgencyRunner(
      TransportResources transport,
      Path pkiDir,
      InetSocketAddress national,
      DemoWorkload workload,
      RateLoop loop,
      Metrics metrics,
      History history) {
    this.transport = transport;
    this.pkiDir = pkiDir;
    this.national = national;
    this.workload = workload;
    this.loop = loop;
    this.metrics = metrics;
    this.history = history;
  }

  long run(AgencyStep step, Random random, BooleanSupplier stop) throws InterruptedException {
    try (AgencyClient client = open(step.agency())) {
      return loop.run(
          step.rate(),
          step.duration(),
          step.parallel(),
          stop,
          () -> lookup(client, step.agency(), step.jimu(), random));
    }
  }

  /** {@code agency}'s client, through its own certificate. */
  AgencyClient open(String agency) {
    return AgencyClient.open(transport, pkiDir, agency, national);
  }

  /**
   * One 即時提供 for the 住民票コード of a living resident, recorded in the metrics and the history; null
   * when no resident is there to look up.
   */
  CompletableFuture<?> lookup(AgencyClient client, String agency, String jimu, Random random) {
    String code = workload.randomCode(random);
    if (code == null) {
      return null;
    }
    long start = System.nanoTime();
    return client
        .lookup(jimu, AgencyClient.byCode(code), null, TIMEOUT)
        .whenComplete(
            (r, err) -> {
              long end = System.nanoTime();
              metrics.record(Metric.LOOKUP, start, end, err == null);
              Map<String, Object> f = new LinkedHashMap<>();
              f.put("op", Metric.LOOKUP);
              f.put("agency", agency);
              f.put("jimu", jimu);
              f.put("ms", Math.round((end - start) / 1e4) / 100.0);
              f.put("ok", err == null);
              if (err != null) {
                Throwable t = Futures.unwrap(err);
                f.put("error", t.getMessage() == null ? t.toString() : t.getMessage());
              }
              history.record("op", System.currentTimeMillis(), f);
            });
  }
}
