package jp.jukinet.sim.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.BatchClient;
import jp.jukinet.sim.workload.BatchException;
import jp.jukinet.sim.workload.MediaFile;

/**
 * One 一括提供 of an {@code agency} step: {@code keys} 住民票コード of residents the run registered (drawn
 * with repeats), sent through {@link BatchClient}; a 磁気媒体 batch's chunks are opened with the
 * agency's key to count the persons provided. One operation {@code batch} in the metrics, however
 * many keys.
 */
final class AgencyBatch {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int KEYS_PER_FRAME = 500;
  private static final int WINDOW = 8;

  private final AgencyClient client;
  private final Path pkiDir;
  private final DemoWorkload workload;
  private final AgencyRunner runner;
  private final ProvisionLedger ledger;

  AgencyBatch(
      AgencyClient client,
      Path pkiDir,
      DemoWorkload workload,
      AgencyRunner runner,
      ProvisionLedger ledger) {
    this.client = client;
    this.pkiDir = pkiDir;
    this.workload = workload;
    this.runner = runner;
    this.ledger = ledger;
  }

  void run(AgencyStep step, Random random) throws InterruptedException {
    long start = System.nanoTime();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < step.keys(); i++) {
      String c = workload.randomCode(random);
      if (c == null) {
        break;
      }
      codes.add(c);
    }
    if (codes.isEmpty()) {
      runner.done(
          step,
          Metric.BATCH,
          start,
          List.of(),
          List.of(),
          new IllegalStateException("no living resident to look up"));
      return;
    }
    // unique per requester at the server: the wall clock across runs, nanoTime within one
    String id =
        "scenario-" + step.jimu() + "-" + System.currentTimeMillis() + "-" + System.nanoTime();
    MediaFile.AgencyKey key =
        step.media() ? MediaFile.AgencyKey.load(pkiDir, client.agency()) : null;
    List<String> persons = new ArrayList<>();
    long[] answered = {0};
    Connection c;
    try {
      c = client.connection().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      runner.done(step, Metric.BATCH, start, codes, List.of(), e);
      return;
    }
    try {
      new BatchClient(
              c,
              new BatchClient.Options(
                  id,
                  step.jimu(),
                  step.provisionMethod(),
                  codes.size(),
                  0,
                  KEYS_PER_FRAME,
                  WINDOW,
                  TIMEOUT))
          .run(
              codes.stream().map(AgencyClient::byCode).iterator(),
              (chunk, n) -> {
                List<BatchResult> results =
                    step.provisionMethod() == ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA
                        ? MediaFile.open(chunk, key).getResultsList()
                        : chunk.getResultsList();
                List<String> chunkPersons = new ArrayList<>();
                for (BatchResult r : results) {
                  r.getMatchesList().stream()
                      .map(IdentityInfo::getJuminhyoCode)
                      .forEach(chunkPersons::add);
                }
                // one chunk, one log entry: the ledger counts a person once per entry, as 開示 does
                ledger.provided(step.agency(), chunkPersons);
                persons.addAll(chunkPersons);
                answered[0] = chunk.getFirstIndex() + n;
              });
      runner.done(step, Metric.BATCH, start, List.of(), persons, null);
    } catch (BatchException e) {
      // the chunks received were provided; the keys after them are in doubt unless refused
      Throwable why = e.getCause() != null ? e.getCause() : e;
      runner.done(
          step,
          Metric.BATCH,
          start,
          codes.subList((int) Math.min(answered[0], codes.size()), codes.size()),
          List.of(),
          why);
    }
  }
}
