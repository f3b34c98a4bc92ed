package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.workload.AgencyClient;

/**
 * Runs an {@code agency} step through the agency's own certificate: 即時提供 lookups at the step's rate
 * ({@link RateLoop}), each for the 住民票コード of a living resident the run registered, or one 一括提供
 * ({@link AgencyBatch}). What was provided, refused or left without an answer goes to the {@link
 * ProvisionLedger}; a request expected refused counts ok only when refused by 目的外利用の禁止, and one
 * answered is a purpose-limit breach in the history.
 */
final class AgencyRunner {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final TransportResources transport;
  private final Path pkiDir;
  private final InetSocketAddress national;
  private final DemoWorkload workload;
  private final RateLoop loop;
  private final OperationLog log;
  private final ProvisionLedger ledger;
  private final LedgerBatch batches;

  AgencyRunner(
      TransportResources transport,
      Path pkiDir,
      InetSocketAddress national,
      DemoWorkload workload,
      RateLoop loop,
      OperationLog log,
      ProvisionLedger ledger) {
    this.transport = transport;
    this.pkiDir = pkiDir;
    this.national = national;
    this.workload = workload;
    this.loop = loop;
    this.log = log;
    this.ledger = ledger;
    this.batches = new LedgerBatch(pkiDir, ledger);
  }

  long run(AgencyStep step, Random random, BooleanSupplier stop) throws InterruptedException {
    ledger.agencyUsed(step.agency());
    try (AgencyClient client = open(step.agency())) {
      if (step.batch()) {
        new AgencyBatch(client, workload, this).run(step, random);
        return 0;
      }
      return loop.run(
          step.rate(),
          step.duration(),
          step.parallel(),
          stop,
          () ->
              lookupAResident(
                  client,
                  step.jimu(),
                  random,
                  (code, start, persons, err) -> {
                    ledger.ended(step.agency(), List.of(code), persons, err);
                    done(step, Metric.LOOKUP, start, persons, err);
                  }));
    }
  }

  /**
   * Records a request's end: a forbidden one's outcome in the ledger, the metrics and the history.
   * What was provided or left in doubt the caller gave the ledger ({@link ProvisionLedger#ended},
   * {@link LedgerBatch}).
   *
   * @param persons the 住民票コード provided
   * @param err why it failed, or null: answered
   */
  void done(AgencyStep step, String op, long start, List<String> persons, Throwable err) {
    long end = System.nanoTime();
    boolean ok;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("agency", step.agency());
    f.put("jimu", step.jimu());
    if (step.expectRefused()) {
      f.put("expect", AgencyStep.REFUSED);
      ProvisionLedger.Forbidden outcome =
          err == null
              ? ProvisionLedger.Forbidden.ANSWERED
              : OperationLog.purposeRefused(err)
                  ? ProvisionLedger.Forbidden.REFUSED
                  : ProvisionLedger.Forbidden.UNKNOWN;
      ledger.forbiddenRequest(step.agency(), step.jimu(), outcome);
      ok = outcome == ProvisionLedger.Forbidden.REFUSED;
      if (ok) {
        f.put("refusal", OperationLog.message(err));
      }
      if (outcome == ProvisionLedger.Forbidden.ANSWERED) {
        f.put("breach", "purpose_limit");
        f.put("provided", persons.size());
        log.breach(Map.of("agency", step.agency(), "jimu", step.jimu(), "op", op));
      }
    } else {
      ok = err == null;
      f.put("provided", persons.size());
    }
    log.record(op, start, end, ok, f, ok && step.expectRefused() ? null : err);
  }

  /** {@code agency}'s client, through its own certificate. */
  AgencyClient open(String agency) {
    return AgencyClient.open(transport, pkiDir, agency, national);
  }

  /** 一括提供 counted in the ledger, as an {@code agency} step's are: for a {@code provision_mix}. */
  LedgerBatch batches() {
    return batches;
  }

  /**
   * One 即時提供 for the 住民票コード of a living resident, outside any {@code agency} step (a {@code
   * provision_mix}'s): counted in the ledger as an {@code agency} step's, recorded in the metrics
   * and the history; null when no resident is there to look up.
   */
  CompletableFuture<?> lookup(AgencyClient client, String agency, String jimu, Random random) {
    ledger.agencyUsed(agency);
    return lookupAResident(
        client,
        jimu,
        random,
        (code, start, persons, err) -> {
          ledger.ended(agency, List.of(code), persons, err);
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("agency", agency);
          f.put("jimu", jimu);
          f.put("provided", persons.size());
          log.record(Metric.LOOKUP, start, System.nanoTime(), err == null, f, err);
        });
  }

  /**
   * How a lookup ended: the code asked for, its start (nanoTime), the persons provided, why not.
   */
  private interface LookupEnd {
    void ended(String code, long start, List<String> persons, Throwable err);
  }

  /**
   * One 即時提供 by the 住民票コード of a living resident the run registered, {@code then} told how it ended;
   * null when no resident is there to look up.
   */
  private CompletableFuture<?> lookupAResident(
      AgencyClient client, String jimu, Random random, LookupEnd then) {
    String code = workload.randomCode(random);
    if (code == null) {
      return null;
    }
    long start = System.nanoTime();
    return client
        .lookup(jimu, AgencyClient.byCode(code), null, TIMEOUT)
        .whenComplete(
            (r, err) ->
                then.ended(
                    code,
                    start,
                    r == null
                        ? List.of()
                        : r.getMatchesList().stream().map(IdentityInfo::getJuminhyoCode).toList(),
                    err));
  }
}
