package jp.jukinet.node.provision;

import static jp.jukinet.node.provision.LogFixture.event;
import static jp.jukinet.node.provision.LogFixture.stage;
import static jp.jukinet.node.provision.LogFixture.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.LogSeal;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.protocol.provision.LogChain;
import jp.jukinet.protocol.provision.LogVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ProvisionLogTest {
  private static final long APRIL = Instant.parse("2020-04-10T00:00:00Z").toEpochMilli();

  @TempDir Path dir;
  private final LogFixture fx = new LogFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void entriesChainFromOneAndSealsCoverEveryEntry() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 4);
    for (int i = 1; i <= 10; i++) {
      assertEquals(i, stage(db, log, event("agency-A01", APRIL + i, "p" + i)));
    }
    long[] seqs = new long[3];
    db.commit(
            txn -> {
              for (int i = 0; i < 3; i++) {
                seqs[i] = log.stage(txn, event("agency-A02", APRIL, "q" + i));
              }
            })
        .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(11L, 12L, 13L), List.of(seqs[0], seqs[1], seqs[2]));
    assertEquals(12, log.sealedThrough()); // seals at 4, 8 and 12
    log.close();
    assertEquals(13, log.sealedThrough());

    ProvisionLogPage all = log.page(0, 100, 1 << 20);
    assertEquals(13, all.getEntriesCount());
    assertEquals(List.of(4L, 8L, 12L, 13L), throughs(all));
    com.google.protobuf.ByteString prev = LogChain.GENESIS;
    for (ProvisionLogEntry e : all.getEntriesList()) {
      assertEquals(LogChain.entryHash(prev, e), e.getEntryHash());
      // Stored as protobuf writes it: entry_hash appended is the canonical encoding.
      assertEquals(e.toByteString(), ProvisionLogEntry.parseFrom(e.toByteArray()).toByteString());
      assertEquals(
          e.toByteString(),
          com.google.protobuf.ByteString.copyFrom(
              LogChain.withHash(
                  e.toBuilder().clearEntryHash().build().toByteArray(), e.getEntryHash())));
      prev = e.getEntryHash();
    }
    LogVerifier.Result r = verify(log, 3);
    assertTrue(r.ok(), r.reason());
    assertEquals(13, r.entries());
    assertEquals(13, r.sealedThrough());
  }

  @Test
  void pagesKeepToTheirByteBudgetAndCarryTheirSeals() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 3);
    for (int i = 1; i <= 20; i++) {
      stage(db, log, event("agency-A01", APRIL + i, "p" + i, "r" + i));
    }
    log.close();
    LogVerifier v = new LogVerifier(LogFixture.KEYS.getPublic());
    long after = 0;
    int pages = 0;
    List<Long> throughs = new ArrayList<>();
    ProvisionLogPage page;
    do {
      page = log.page(after, 100, 300);
      pages++;
      assertTrue(page.getEntriesCount() >= 1);
      assertTrue(page.getSerializedSize() < 300 + 400, "page of " + page.getSerializedSize());
      throughs.addAll(throughs(page));
      v.accept(page);
      after = page.getEntries(page.getEntriesCount() - 1).getSequence();
    } while (page.getMore());
    assertTrue(pages > 3, pages + " pages");
    assertEquals(List.of(3L, 6L, 9L, 12L, 15L, 18L, 20L), throughs);
    assertTrue(v.finish().ok(), v.finish().reason());
  }

  @Test
  void anAbortedTransactionGivesBackItsSequencesAndCounts() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 2);
    stage(db, log, event("agency-A01", APRIL, "p1"));
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                db.commit(
                        txn -> {
                          log.stage(txn, event("agency-A01", APRIL, "p2"));
                          log.stage(txn, event("agency-A01", APRIL, "p3")); // seals here
                          throw new IllegalStateException("answer failed");
                        })
                    .get(10, TimeUnit.SECONDS));
    assertEquals("answer failed", e.getCause().getMessage());
    assertEquals(2, stage(db, log, event("agency-A01", APRIL, "p4")));
    assertEquals(3, stage(db, log, event("agency-A01", APRIL, "p5")));
    log.close();
    assertEquals(3, log.page(0, 100, 1 << 20).getEntriesCount());
    assertEquals(3, log.counters(null, null).get(0).getCount());
    assertTrue(log.byPerson(List.of("p2", "p3")).isEmpty());
    LogVerifier.Result r = verify(log, 100);
    assertTrue(r.ok(), r.reason());
    assertEquals(3, r.sealedThrough());
  }

  @Test
  void aReopenedLogContinuesTheChainAndSealsTheTailItFound() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 3);
    for (int i = 1; i <= 5; i++) {
      stage(db, log, event("agency-A01", APRIL + i, "p" + i));
    }
    // No log.close(): as after a crash, entries 4 and 5 are not sealed.
    fx.store.close(db);
    NodeDatabase again = fx.open(dir);
    ProvisionLog reopened = fx.log(again, 3);
    // 4 and 5 get a seal of their own, queued at open before any entry, marked after_restart.
    assertEquals(6, stage(again, reopened, event("agency-A01", APRIL, "p6")));
    assertEquals(5, reopened.sealedThrough());
    assertEquals(7, stage(again, reopened, event("agency-A01", APRIL, "p7")));
    reopened.close();
    List<LogSeal> seals = reopened.page(0, 100, 1 << 20).getSealsList();
    assertEquals(List.of(3L, 5L, 7L), seals.stream().map(LogSeal::getThroughSequence).toList());
    assertEquals(
        List.of(false, true, false), seals.stream().map(LogSeal::getAfterRestart).toList());
    LogVerifier.Result r = verify(reopened, 2);
    assertTrue(r.ok(), r.reason());
    assertEquals(7, r.sealedThrough());
    assertEquals(2, r.sealedAfterRestart());
    assertEquals(4, r.firstSealedAfterRestart());
  }

  @Test
  void theIndexAnswersEveryCodeOfAPerson() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 100);
    stage(db, log, event("agency-A01", APRIL, "old", "other"));
    stage(db, log, event("agency-A02", APRIL + 1, "other"));
    stage(db, log, event("agency-A03", APRIL + 2, "new"));
    List<ProvisionRecord> mine = log.byPerson(List.of("new", "old"));
    assertEquals(List.of(1L, 3L), mine.stream().map(ProvisionRecord::getLogSequence).toList());
    assertEquals("old", mine.get(0).getJuminhyoCode());
    assertEquals("agency-A01", mine.get(0).getRequester());
    assertEquals("new", mine.get(1).getJuminhyoCode());
    assertEquals("agency-A03", mine.get(1).getRequester());
    assertEquals(APRIL + 2, mine.get(1).getProvidedAtMillis());
    assertTrue(log.byPerson(List.of("nobody")).isEmpty());
  }

  @Test
  void countersAgreeWithTheLogByJapanMonth() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 7);
    // 2020-03-31T15:00Z is already April in Japan.
    long march = Instant.parse("2020-03-31T14:59:59Z").toEpochMilli();
    long april = Instant.parse("2020-03-31T15:00:00Z").toEpochMilli();
    long may = Instant.parse("2020-05-02T00:00:00Z").toEpochMilli();
    long[] times = {march, april, may};
    ProvisionMethod[] methods = {
      ProvisionMethod.PROVISION_METHOD_IMMEDIATE, ProvisionMethod.PROVISION_METHOD_BATCH_LINE
    };
    Random rnd = new Random(9);
    for (int i = 0; i < 60; i++) {
      int persons = rnd.nextInt(4);
      List<String> ps = new ArrayList<>();
      for (int p = 0; p < persons; p++) {
        ps.add("c" + rnd.nextInt(30));
      }
      ProvisionEvent e =
          new ProvisionEvent(
              "agency-A0" + (1 + rnd.nextInt(3)),
              "J0" + (1 + rnd.nextInt(2)),
              methods[rnd.nextInt(2)],
              "r" + i,
              0,
              ps,
              times[rnd.nextInt(3)]);
      if (rnd.nextBoolean()) {
        stage(db, log, e);
      } else {
        db.commit(
                txn -> {
                  log.stage(txn, e);
                  log.stage(txn, e);
                })
            .get(10, TimeUnit.SECONDS);
      }
    }
    Map<String, Long> fromLog = new HashMap<>();
    for (ProvisionLogEntry e : log.page(0, 1000, 1 << 22).getEntriesList()) {
      String month =
          java.time.format.DateTimeFormatter.ofPattern("uuuu-MM")
              .format(
                  Instant.ofEpochMilli(e.getAtMillis())
                      .atZone(jp.jukinet.protocol.id.IsoDates.JAPAN));
      if (e.getPersonsCount() > 0) {
        fromLog.merge(
            month + "/" + e.getRequester() + "/" + e.getJimuCode() + "/" + e.getMethod(),
            (long) e.getPersonsCount(),
            Long::sum);
      }
    }
    Map<String, Long> counted = new HashMap<>();
    for (CounterRow r : log.counters(null, null)) {
      counted.put(
          r.getMonth() + "/" + r.getRequester() + "/" + r.getJimuCode() + "/" + r.getMethod(),
          r.getCount());
    }
    assertEquals(fromLog, counted);
    assertTrue(counted.keySet().stream().anyMatch(k -> k.startsWith("2020-03/")));
    List<CounterRow> april2020 = log.counters(YearMonth.of(2020, 4), YearMonth.of(2020, 4));
    assertTrue(april2020.stream().allMatch(r -> r.getMonth().equals("2020-04")));
    assertEquals(
        fromLog.entrySet().stream()
            .filter(x -> x.getKey().startsWith("2020-04/"))
            .mapToLong(Map.Entry::getValue)
            .sum(),
        april2020.stream().mapToLong(CounterRow::getCount).sum());
    assertTrue(
        log.counters(YearMonth.of(2020, 5), null).stream()
            .allMatch(r -> r.getMonth().equals("2020-05")));
  }

  /**
   * 年度 on the simulated calendar: a provision stamped (as SingleProvisionService stamps it, from
   * its clock) at simulated 2021-03-31 23:59 Japan time counts in FY2020 (April 2020 – March 2021)
   * and one a simulated minute later, 2021-04-01 00:00, in FY2021 — whatever the wall clock says.
   */
  @Test
  void theFiscalYearTurnsOnTheSimulatedCalendarInJapanTime() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log = fx.log(db, 4);
    Instant anchor = Instant.parse("2026-11-29T10:00:00Z");
    SimulatedCalendar calendar =
        SimulatedCalendar.parse("2021-03-31T23:59+09:00", "1min/1s", anchor);
    java.time.Clock lastMinute = calendar.clock(java.time.Clock.fixed(anchor, ZoneOffset.UTC));
    java.time.Clock newYear =
        calendar.clock(java.time.Clock.fixed(anchor.plusSeconds(1), ZoneOffset.UTC));
    assertEquals(Instant.parse("2021-04-01T00:00:00+09:00"), newYear.instant());
    stage(db, log, event("agency-A01", lastMinute.millis(), "p1"));
    stage(db, log, event("agency-A02", newYear.millis(), "p2"));

    List<CounterRow> fy2020 = log.counters(YearMonth.of(2020, 4), YearMonth.of(2021, 3));
    List<CounterRow> fy2021 = log.counters(YearMonth.of(2021, 4), YearMonth.of(2022, 3));
    assertEquals(List.of("2021-03/agency-A01/1"), monthsRequestersCounts(fy2020));
    assertEquals(List.of("2021-04/agency-A02/1"), monthsRequestersCounts(fy2021));
  }

  private static List<String> monthsRequestersCounts(List<CounterRow> rows) {
    return rows.stream()
        .map(r -> r.getMonth() + "/" + r.getRequester() + "/" + r.getCount())
        .toList();
  }

  @Test
  void aTimerSealsAnIdleTail() throws Exception {
    NodeDatabase db = fx.open(dir);
    ProvisionLog log =
        new ProvisionLog(
            db,
            LogFixture.KEYS.getPrivate(),
            fx.clock,
            new ProvisionLog.Settings(1000, java.time.Duration.ofMillis(50)));
    java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      log.sealPeriodically(timer);
      stage(db, log, event("agency-A01", APRIL, "p1"));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> log.sealedThrough() == 1);
      log.abandon();
      assertEquals(fx.millis.get(), log.page(0, 10, 1 << 20).getSeals(0).getAtMillis());
    } finally {
      timer.shutdownNow();
    }
    assertTrue(verify(log, 10).ok());
  }

  static List<Long> throughs(ProvisionLogPage page) {
    return page.getSealsList().stream().map(LogSeal::getThroughSequence).toList();
  }
}
