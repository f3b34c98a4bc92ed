package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.RemoteErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the run counts of its provisions: a person once per log entry (as 開示 shows it), requests
 * without an answer in doubt, and a forbidden request answered is a failed operation, a breach in
 * the history and a failed purpose_limits.
 */
class ProvisionLedgerTest {
  @TempDir Path dir;

  private static AgencyStep forbidden() {
    return new AgencyStep(
        null, "A20", "J01", null, null, null, "refused", Span.parse("1s"), Rate.parse("1/s"), null);
  }

  @Test
  void countsEachPersonOncePerLogEntry() {
    ProvisionLedger ledger = new ProvisionLedger();
    ledger.provided("A20", List.of("11111111111", "11111111111", "22222222222"));
    ledger.provided("A20", List.of("11111111111"));
    ledger.uncertain("A20", List.of("22222222222"));
    assertEquals(Map.of("A20", 4L), ledger.providedByAgency());
    assertEquals(Map.of("A20", 1L), ledger.uncertainByAgency());
    assertArrayEquals(new long[] {2, 0}, ledger.counted(List.of("11111111111")));
    assertArrayEquals(new long[] {3, 1}, ledger.counted(List.of("11111111111", "22222222222")));
  }

  /**
   * A request's end, as agency steps and provision_mix both give it: answered counts its persons, a
   * lost answer leaves its keys in doubt, a definite refusal neither.
   */
  @Test
  void anAnswerCountsItsPersonsALostOneItsKeysInDoubt() {
    ProvisionLedger ledger = new ProvisionLedger();
    ledger.ended("A21", List.of("11111111111"), List.of("11111111111"), null);
    ledger.ended(
        "A21", List.of("22222222222"), List.of(), new TimeoutException("no answer within 20s"));
    Error refusal =
        Error.newBuilder()
            .setCode(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED)
            .setDefinite(true)
            .setMessage("refused")
            .build();
    ledger.ended("A22", List.of("33333333333"), List.of(), new RemoteErrorException(refusal));
    // a batch stopped after its first chunk: the rest of its keys in doubt
    ledger.provided("A20", List.of("11111111111", "44444444444"));
    ledger.unanswered(
        "A20", List.of("55555555555", "66666666666"), new IllegalStateException("connection lost"));
    assertEquals(Map.of("A20", 2L, "A21", 1L, "A22", 0L), ledger.providedByAgency());
    assertEquals(Map.of("A20", 2L, "A21", 1L, "A22", 0L), ledger.uncertainByAgency());
    assertArrayEquals(new long[] {2, 0}, ledger.counted(List.of("11111111111")));
    assertArrayEquals(new long[] {0, 1}, ledger.counted(List.of("22222222222")));
    assertArrayEquals(new long[] {0, 0}, ledger.counted(List.of("33333333333")));
  }

  @Test
  void aForbiddenRequestAnsweredIsABreach() throws Exception {
    ProvisionLedger ledger = new ProvisionLedger();
    Metrics metrics = new Metrics(System.nanoTime());
    Path file = dir.resolve("history.jsonl");
    try (History history = new History(file, System.currentTimeMillis(), null)) {
      AgencyRunner runner =
          new AgencyRunner(
              null, null, null, null, null, new OperationLog(metrics, history), ledger);
      runner.done(forbidden(), Metric.LOOKUP, System.nanoTime(), List.of("x"), null);
      Error refusal =
          Error.newBuilder()
              .setCode(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED)
              .setDefinite(true)
              .setMessage("refused by rule jimu-not-registered")
              .build();
      runner.done(
          forbidden(),
          Metric.LOOKUP,
          System.nanoTime(),
          List.of(),
          new RemoteErrorException(refusal));
    }
    assertArrayEquals(new long[] {1, 1}, metrics.counts(Metric.LOOKUP));
    assertEquals(1, ledger.forbidden(ProvisionLedger.Forbidden.ANSWERED));
    assertEquals(1, ledger.forbidden(ProvisionLedger.Forbidden.REFUSED));
    String history = Files.readString(file);
    assertTrue(history.contains("\"type\":\"breach\",\"kind\":\"purpose_limit\""), history);
    String[] verdict =
        new ProvisionChecks(null, null, ledger, Duration.ofSeconds(1)).purposeLimits();
    assertEquals(CheckResult.FAIL, verdict[0]);
    assertTrue(verdict[1].contains("1 forbidden request(s) answered"), verdict[1]);
  }
}
