package jp.jukinet.node.store;

import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.IdentityChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InboundLedgerTest {
  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private static IdentityChange c(String source, long seq) {
    return birth(source, seq, "2020-01-01", seq, person("p" + seq, "n", "2020-01-01", "", "x"));
  }

  private static InboundLedger.Disposition stage(
      NodeDatabase db, InboundLedger ledger, IdentityChange c) throws Exception {
    InboundLedger.Disposition[] d = new InboundLedger.Disposition[1];
    db.commit(txn -> d[0] = ledger.stage(txn, c)).get(10, TimeUnit.SECONDS);
    return d[0];
  }

  @Test
  void skipsDuplicatesRefusesGapsAndRemembersAfterRestart() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    InboundLedger ledger = new InboundLedger(db);
    assertEquals(InboundLedger.Disposition.APPLY, stage(db, ledger, c("192015", 1)));
    assertEquals(InboundLedger.Disposition.APPLY, stage(db, ledger, c("192015", 2)));
    assertEquals(InboundLedger.Disposition.DUPLICATE, stage(db, ledger, c("192015", 1)));
    assertEquals(InboundLedger.Disposition.APPLY, stage(db, ledger, c("192023", 1)));
    assertTrue(ledger.isApplied("192015", 2));
    assertFalse(ledger.isApplied("192015", 3));

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> stage(db, ledger, c("192015", 4)));
    InboundLedger.SequenceGapException gap = (InboundLedger.SequenceGapException) e.getCause();
    assertEquals(3, gap.expected());
    assertEquals(4, gap.received());
    assertTrue(gap.getMessage().contains("192015"), gap.getMessage());
    assertEquals(2, ledger.highWaterMark("192015"));

    fx.close(db);
    NodeDatabase again = fx.open("pref-190004", dir);
    InboundLedger reopened = new InboundLedger(again);
    assertEquals(2, reopened.highWaterMark("192015"));
    assertEquals(1, reopened.highWaterMark("192023"));
    assertEquals(InboundLedger.Disposition.DUPLICATE, stage(again, reopened, c("192015", 2)));
    assertEquals(InboundLedger.Disposition.APPLY, stage(again, reopened, c("192015", 3)));
  }

  @Test
  void aFailedBatchDoesNotAdvanceTheMark() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    InboundLedger ledger = new InboundLedger(db);
    assertThrows(
        ExecutionException.class,
        () ->
            db.commit(
                    txn -> {
                      ledger.stage(txn, c("192015", 1));
                      throw new IllegalStateException("applier failed");
                    })
                .get(10, TimeUnit.SECONDS));
    assertEquals(0, ledger.highWaterMark("192015"));
    // The same change is applied when it comes again.
    assertEquals(InboundLedger.Disposition.APPLY, stage(db, ledger, c("192015", 1)));
  }
}
