package jp.jukinet.cs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import jp.jukinet.node.store.StoreException;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.id.CodeAllocator;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CS's own stored values (cs_store.proto): they round-trip across a reopen, and bad bytes are a
 * clear error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CsStoreFormatTest {
  private static final LocalGovernmentCode SELF = LocalGovernmentCode.parse("192015");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String CODE = "12345678903";

  @TempDir Path dir;

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
    return CsStore.open(
        "cs-192015",
        SELF,
        dir.resolve("db"),
        resources,
        completions,
        CLOCK,
        CLOCK,
        new CodeAllocator("test-key".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void residentRecordsAndCountersRoundTripAcrossAReopen() throws Exception {
    ResidentRecord rec =
        ResidentRecord.newBuilder()
            .setJuminhyoCode(CODE)
            .setHeadOfHousehold("甲斐 太郎")
            .setRelationship("子")
            .setBecameResidentDate("2026-03-01")
            .setAddressSetDate("2026-03-01")
            .setNotificationDate("2026-03-30")
            .setPreviousAddress("東京都新宿区1-1")
            .setPreviousMunicipality("131041")
            .setMoveOutKind(MoveOutKind.MOVE_OUT_KIND_SPECIAL)
            .setPlannedMoveOutDate("2026-04-10")
            .setDestinationMunicipality("131041")
            .setDestinationAddress("東京都 新宿区 2-2")
            .setTransferCertificateHeld(true)
            .build();
    try (CsStore store = open()) {
      store
          .commit(
              txn -> {
                txn.putResident(rec);
                txn.allocateCodes();
                txn.addResidents(3);
                txn.sendRouted(
                    RoutedMessage.newBuilder()
                        .setDestinationMunicipality("131041")
                        .setMoveInNotice(MoveInNotice.newBuilder().setPreviousJuminhyoCode(CODE)));
                return null;
              })
          .get(10, TimeUnit.SECONDS);
    }
    try (CsStore store = open()) {
      assertEquals(rec, store.resident(CODE).orElseThrow());
      assertEquals(3, store.residentCount());
      assertEquals(1, store.codesAllocated());
      assertEquals(1, store.routesQueued());
    }
  }

  @Test
  void theOperationLogKeepsTheRequestOrTheTextInOrder() throws Exception {
    ResidentOperationRequest birth =
        ResidentOperationRequest.newBuilder()
            .setReasonDate("2026-03-01")
            .setBirth(
                Birth.newBuilder()
                    .setFourItems(
                        FourItems.newBuilder().setName("甲斐 花子").setBirthDate("2026-03-01")))
            .build();
    try (CsStore store = open()) {
      store
          .commit(
              txn -> {
                txn.logRequest("192015-01", "出生", birth, "192015#1 記載 出生");
                txn.log("cs", "転出確定", "転入通知 from 131041", "ignored");
                return null;
              })
          .get(10, TimeUnit.SECONDS);
    }
    try (CsStore store = open()) {
      List<OperationLogEntry> log = store.operationLog(0, 10);
      assertEquals(
          List.of(
              OperationLogEntry.newBuilder()
                  .setSequence(1)
                  .setAtMillis(CLOCK.millis())
                  .setOperatorId("192015-01")
                  .setOperation("出生")
                  .setRequest(birth)
                  .setResult("192015#1 記載 出生")
                  .build(),
              OperationLogEntry.newBuilder()
                  .setSequence(2)
                  .setAtMillis(CLOCK.millis())
                  .setOperatorId("cs")
                  .setOperation("転出確定")
                  .setText("転入通知 from 131041")
                  .setResult("ignored")
                  .build()),
          log);
      assertEquals(2, store.operationLog(1, 1).get(0).getSequence());
      // The next line continues the sequence.
      store
          .commit(
              txn -> {
                txn.log("cs", "転出確定", "x", "y");
                return null;
              })
          .get(10, TimeUnit.SECONDS);
      assertEquals(3, store.operationLog(2, 10).get(0).getSequence());
    }
  }

  @Test
  void corruptOrForeignBytesAreAClearStoreErrorNamingTheValue() throws Exception {
    try (CsStore store = open()) {
      store
          .database()
          .commit(
              txn -> {
                // Not protobuf: a truncated length-delimited field, and a JSON object.
                txn.put(CsStore.RESIDENT_CF, utf8(CODE), new byte[] {10, 50, 'x'});
                txn.put(
                    CsStore.RESIDENT_CF,
                    utf8("22345678903"),
                    utf8("{\"juminhyoCode\":\"22345678903\"}"));
                // Well-formed, but another person's record.
                txn.put(
                    CsStore.RESIDENT_CF,
                    utf8("32345678903"),
                    ResidentRecord.newBuilder().setJuminhyoCode(CODE).build().toByteArray());
                txn.put(
                    CsStore.OPLOG_CF,
                    ByteBuffer.allocate(8).putLong(1).array(),
                    new byte[] {(byte) 0xFF});
              })
          .get(10, TimeUnit.SECONDS);

      assertError("cs_resident value under " + CODE, () -> store.resident(CODE));
      assertError("cs_resident value under 22345678903", () -> store.resident("22345678903"));
      assertError("it is the record of '" + CODE + "'", () -> store.resident("32345678903"));
      assertError("cs_oplog value under 1", () -> store.operationLog(0, 10));
    }
  }

  @Test
  void corruptCountersStopTheStoreFromOpening() throws Exception {
    try (CsStore store = open()) {
      store
          .database()
          .commit(txn -> txn.put(CsStore.META_CF, utf8("counters"), new byte[] {8}))
          .get(10, TimeUnit.SECONDS);
    }
    assertError("cs_meta value under counters", this::open);
  }

  private static void assertError(String expected, Runnable read) {
    StoreException e = assertThrows(StoreException.class, read::run);
    assertTrue(e.getMessage().startsWith("cs-192015: unreadable "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
