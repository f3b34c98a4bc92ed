package jp.jukinet.cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.cs.resident.ResidentOperations;
import jp.jukinet.protocol.id.CodeAllocator;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.node.store.StoreException;
import jp.jukinet.node.store.StoreResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** The CS's stored values: the binary format round-trips, and values written as JSON before still read. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CsStoreFormatTest {
  private static final LocalGovernmentCode SELF = LocalGovernmentCode.parse("192015");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private StoreResources resources;
  private ExecutorService completions;

  @BeforeEach
  void setUp() {
    resources = StoreResources.create(16L << 20, 32L << 20);
    completions = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() {
    completions.shutdownNow();
    resources.close();
  }

  private CsStore open() {
    return CsStore.open("cs-192015", SELF, dir.resolve("db"), resources, completions, CLOCK,
        new CodeAllocator("test-key".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void residentRecordsAndCountersRoundTripAcrossAReopen() throws Exception {
    ResidentRecord rec = ResidentRecord.newResident("12345678903", "2026-03-01", "2026-03-02")
        .withHousehold("甲斐 太郎", "子").withPrevious("東京都新宿区1-1", "131041")
        .withMoveOut(ResidentRecord.SPECIAL_MOVE_OUT, "2026-04-10", "131041", "東京都 新宿区 2-2", true, "2026-03-30");
    try (CsStore store = open()) {
      store.commit(txn -> {
        txn.putResident(rec);
        txn.allocateCodes();
        txn.addResidents(3);
        txn.sendRouted(jp.jukinet.protocol.proto.RoutedMessage.newBuilder().setDestinationMunicipality("131041")
            .setMoveInNotice(jp.jukinet.protocol.proto.MoveInNotice.newBuilder().setPreviousJuminhyoCode("12345678903")));
        return null;
      }).get(10, TimeUnit.SECONDS);
    }
    try (CsStore store = open()) {
      assertEquals(rec, store.resident("12345678903").orElseThrow());
      assertEquals(3, store.residentCount());
      assertEquals(1, store.codesAllocated());
      assertEquals(1, store.routesQueued());
    }
  }

  @Test
  void theOperationLogPrintsALoggedRequestWhenReadWithoutTheCardPin() throws Exception {
    ResidentOperationRequest birth = ResidentOperationRequest.newBuilder().setReasonDate("2026-03-01")
        .setBirth(Birth.newBuilder().setFourItems(FourItems.newBuilder().setName("甲斐 花子").setBirthDate("2026-03-01")))
        .build();
    ResidentOperationRequest special = ResidentOperationRequest.newBuilder()
        .setSpecialMoveIn(SpecialMoveIn.newBuilder().setPreviousJuminhyoCode("12345678903").setCardPin("1234"))
        .build();
    try (CsStore store = open()) {
      store.commit(txn -> {
        txn.logRequest("192015-01", "出生", ResidentOperations.masked(birth), "192015#1 記載 出生");
        txn.logRequest("192015-01", "特例転入", ResidentOperations.masked(special), "refused");
        txn.log("cs", "転出確定", "転入通知 from 131041", "ignored");
        return null;
      }).get(10, TimeUnit.SECONDS);
    }
    try (CsStore store = open()) {
      List<OperationLogEntry> log = store.operationLog(0, 10);
      assertEquals(3, log.size());
      assertEquals(new OperationLogEntry(1, CLOCK.millis(), "192015-01", "出生", OperationLogEntry.requestLine(ResidentOperations.masked(birth)),
          "192015#1 記載 出生"), log.get(0));
      assertTrue(log.get(0).summary().contains("甲斐 花子"), log.get(0).summary());
      assertFalse(log.get(1).summary().contains("1234\""), log.get(1).summary());
      assertTrue(log.get(1).summary().contains("****"), log.get(1).summary());
      assertEquals("転入通知 from 131041", log.get(2).summary());
      assertEquals(2, store.operationLog(1, 1).get(0).sequence());
    }
  }

  @Test
  void valuesWrittenAsJsonAndCountersWrittenOneKeyEachByEarlierVersionsStillRead() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ResidentRecord rec = ResidentRecord.newResident("12345678903", "2026-03-01", "2026-03-02").withHousehold("甲斐 太郎", "子");
    OperationLogEntry line = new OperationLogEntry(1, 5, "192015-01", "出生", "reason_date: \"2026-03-01\"", "ok");
    try (CsStore store = open()) {
      WriteBatch b = new WriteBatch();
      b.put(store.database().cf(CsStore.RESIDENT_CF), "12345678903".getBytes(StandardCharsets.UTF_8),
          json.writeValueAsBytes(rec));
      b.put(store.database().cf(CsStore.OPLOG_CF), ByteBuffer.allocate(8).putLong(1).array(), json.writeValueAsBytes(line));
      b.put(store.database().cf(CsStore.META_CF), "counter/residents".getBytes(StandardCharsets.UTF_8),
          ByteBuffer.allocate(8).putLong(7).array());
      b.put(store.database().cf(CsStore.META_CF), "counter/oplog_seq".getBytes(StandardCharsets.UTF_8),
          ByteBuffer.allocate(8).putLong(1).array());
      store.database().commit(b).get(10, TimeUnit.SECONDS);
    }
    try (CsStore store = open()) {
      assertEquals(rec, store.resident("12345678903").orElseThrow());
      assertEquals(List.of(line), store.operationLog(0, 10));
      assertEquals(7, store.residentCount());
      // The next line continues the old sequence, and the counters are now one key.
      store.commit(txn -> {
        txn.log("cs", "転出確定", "x", "y");
        return null;
      }).get(10, TimeUnit.SECONDS);
      assertEquals(2, store.operationLog(1, 10).get(0).sequence());
    }
    try (CsStore store = open()) {
      assertEquals(7, store.residentCount());
      assertEquals(2, store.operationLog(0, 10).size());
    }
  }

  @Test
  void aCorruptValueIsAClearStoreError() throws Exception {
    try (CsStore store = open()) {
      WriteBatch b = new WriteBatch();
      b.put(store.database().cf(CsStore.RESIDENT_CF), "12345678903".getBytes(StandardCharsets.UTF_8), new byte[] {9, 1});
      b.put(store.database().cf(CsStore.RESIDENT_CF), "22345678903".getBytes(StandardCharsets.UTF_8), new byte[] {1, 50});
      store.database().commit(b).get(10, TimeUnit.SECONDS);
      StoreException e = assertThrows(StoreException.class, () -> store.resident("12345678903"));
      assertTrue(e.getMessage().contains("unknown value format 9"), e.getMessage());
      e = assertThrows(StoreException.class, () -> store.resident("22345678903"));
      assertTrue(e.getMessage().contains("runs past the value's end"), e.getMessage());
    }
  }
}
