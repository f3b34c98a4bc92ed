package jp.jukinet.sim.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.BatchClient;
import jp.jukinet.sim.workload.BatchException;
import jp.jukinet.sim.workload.MediaFile;

/**
 * One 一括提供 whose results count in the {@link ProvisionLedger}, for {@code agency} and {@code
 * provision_mix} steps alike: each chunk received is one provision log entry at the server, so its
 * persons go to the ledger as one entry (a 磁気媒体 chunk opened with the agency's key first); when the
 * batch stops, the keys after the last chunk received are in doubt unless the server refused.
 */
final class LedgerBatch {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int KEYS_PER_FRAME = 500;
  private static final int WINDOW = 8;

  /**
   * How a batch ended.
   *
   * @param persons the 住民票コード provided, in every chunk received
   * @param unanswered the keys after the last chunk received (empty when it ended)
   * @param error why it stopped, or null: every key answered
   */
  record Outcome(List<String> persons, List<String> unanswered, Throwable error) {}

  private final Path pkiDir;
  private final ProvisionLedger ledger;

  LedgerBatch(Path pkiDir, ProvisionLedger ledger) {
    this.pkiDir = pkiDir;
    this.ledger = ledger;
  }

  /**
   * Sends {@code codes} (住民票コード, repeats allowed) as batch {@code id} through {@code client}, its
   * persons given to the ledger chunk by chunk and its unanswered keys as uncertain when the stop
   * was not a definite refusal.
   */
  Outcome run(
      AgencyClient client,
      String agency,
      String id,
      String jimu,
      ProvisionMethod method,
      List<String> codes)
      throws InterruptedException {
    ledger.agencyUsed(agency);
    Connection c;
    try {
      c = client.connection().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return stopped(agency, codes, List.of(), e);
    }
    MediaFile.AgencyKey key =
        method == ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA
            ? MediaFile.AgencyKey.load(pkiDir, client.agency())
            : null;
    List<String> persons = new ArrayList<>();
    try {
      new BatchClient(
              c,
              new BatchClient.Options(
                  id, jimu, method, codes.size(), 0, KEYS_PER_FRAME, WINDOW, TIMEOUT))
          .run(
              codes.stream().map(AgencyClient::byCode).iterator(),
              (chunk, n) -> {
                List<BatchResult> results =
                    key != null
                        ? MediaFile.open(chunk, key).getResultsList()
                        : chunk.getResultsList();
                List<String> chunkPersons = new ArrayList<>();
                for (BatchResult r : results) {
                  r.getMatchesList().stream()
                      .map(IdentityInfo::getJuminhyoCode)
                      .forEach(chunkPersons::add);
                }
                // one chunk, one log entry: the ledger counts a person once per entry, as 開示 does
                ledger.provided(agency, chunkPersons);
                persons.addAll(chunkPersons);
              });
      return new Outcome(persons, List.of(), null);
    } catch (BatchException e) {
      // the chunks received were provided; the keys from the first not received are in doubt
      int from = (int) Math.min(e.resumeFrom(), codes.size());
      return stopped(
          agency,
          codes.subList(from, codes.size()),
          persons,
          e.getCause() != null ? e.getCause() : e);
    }
  }

  /** A batch stopped by {@code why}: its keys not answered are in doubt unless it was definite. */
  private Outcome stopped(
      String agency, List<String> unanswered, List<String> persons, Throwable why) {
    ledger.unanswered(agency, unanswered, why);
    return new Outcome(persons, unanswered, why);
  }
}
