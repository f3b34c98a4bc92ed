package jp.jukinet.node.provision;

import static jp.jukinet.node.provision.LogFixture.event;
import static jp.jukinet.node.provision.LogFixture.stage;
import static jp.jukinet.node.provision.LogFixture.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.proto.LogSeal;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.provision.LogChain;
import jp.jukinet.protocol.provision.LogVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store changed behind the node's back, as someone with the disk but not the node's key would:
 * the verifier names the first entry that is not what was logged.
 */
@Timeout(60)
class LogTamperTest {
  private static final int ENTRIES = 13; // seals through 4, 8, 12 and (at close) 13

  @TempDir Path dir;
  private final LogFixture fx = new LogFixture();
  private NodeDatabase db;
  private ProvisionLog log;
  private List<ProvisionLogEntry> original;

  @BeforeEach
  void logSomeProvisions() throws Exception {
    db = fx.open(dir);
    log = fx.log(db, 4);
    for (int i = 1; i <= ENTRIES; i++) {
      stage(db, log, event("agency-A0" + (i % 3 + 1), 1_600_000_000_000L + i, "p" + i));
    }
    log.close();
    original = log.page(0, 100, 1 << 20).getEntriesList();
    assertTrue(verify(log, 5).ok());
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private void put(long seq, ProvisionLogEntry e) throws Exception {
    db.commit(txn -> txn.put(ProvisionLog.LOG_CF, LogKeys.sequence(seq), e.toByteArray()))
        .get(10, TimeUnit.SECONDS);
  }

  private void delete(String cf, long seq) throws Exception {
    db.commit(txn -> txn.delete(cf, LogKeys.sequence(seq))).get(10, TimeUnit.SECONDS);
  }

  private ProvisionLogEntry entry(long seq) {
    return original.get((int) seq - 1);
  }

  /** Stores {@code entries} from {@code from} on, rehashed along the chain as an attacker can. */
  private void rewriteFrom(long from, List<ProvisionLogEntry> entries) throws Exception {
    ByteString prev = from == 1 ? LogChain.GENESIS : entry(from - 1).getEntryHash();
    long seq = from;
    for (ProvisionLogEntry e : entries) {
      ProvisionLogEntry renumbered = e.toBuilder().setSequence(seq).clearEntryHash().build();
      ByteString h = LogChain.entryHash(prev, renumbered);
      put(seq++, renumbered.toBuilder().setEntryHash(h).build());
      prev = h;
    }
  }

  private void assertNamed(long seq) {
    LogVerifier.Result r = verify(log, 5);
    assertFalse(r.ok(), "tampering went unnoticed");
    assertEquals(seq, r.firstBad(), r.reason());
    // Whatever the page size.
    assertEquals(seq, verify(log, 1).firstBad());
    assertEquals(seq, verify(log, 100).firstBad());
  }

  @Test
  void anAlteredEntryIsNamed() throws Exception {
    put(6, entry(6).toBuilder().setRequester("agency-A09").build());
    assertNamed(6);
  }

  @Test
  void anAlteredEntryWithTheChainRecomputedIsNamedByItsSeal() throws Exception {
    List<ProvisionLogEntry> rest = new ArrayList<>(original.subList(5, ENTRIES));
    rest.set(0, rest.get(0).toBuilder().setPersons(0, "someone-else").build());
    rewriteFrom(6, rest);
    assertNamed(6);
  }

  @Test
  void aDeletedEntryIsNamed() throws Exception {
    delete(ProvisionLog.LOG_CF, 6);
    assertNamed(6);
  }

  @Test
  void aDeletedEntryWithTheRestRenumberedIsNamed() throws Exception {
    rewriteFrom(6, original.subList(6, ENTRIES));
    delete(ProvisionLog.LOG_CF, ENTRIES);
    assertNamed(6);
  }

  @Test
  void anInsertedEntryIsNamed() throws Exception {
    List<ProvisionLogEntry> shifted = new ArrayList<>();
    shifted.add(entry(6).toBuilder().setRequester("agency-A30").build());
    shifted.addAll(original.subList(5, ENTRIES));
    rewriteFrom(6, shifted);
    assertNamed(6);
  }

  @Test
  void reorderedEntriesAreNamed() throws Exception {
    put(6, entry(7));
    put(7, entry(6));
    assertNamed(6);
  }

  @Test
  void reorderedEntriesRenumberedAndRehashedAreNamed() throws Exception {
    List<ProvisionLogEntry> swapped = new ArrayList<>(original.subList(5, ENTRIES));
    swapped.set(0, entry(7));
    swapped.set(1, entry(6));
    rewriteFrom(6, swapped);
    assertNamed(6);
  }

  @Test
  void theLastSealedEntryRemovedIsNamed() throws Exception {
    delete(ProvisionLog.LOG_CF, ENTRIES);
    assertNamed(ENTRIES);
  }

  @Test
  void aRemovedSealIsNoticed() throws Exception {
    delete(ProvisionLog.SEAL_CF, 8);
    assertNamed(5); // 5 to 8 are sealed no more: the seal through 12 follows the one through 4
  }

  @Test
  void aSealSignedWithAnotherKeyIsNoticed() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    List<ByteString> hashes = new ArrayList<>();
    for (int i = 5; i <= 8; i++) {
      hashes.add(entry(i).getEntryHash());
    }
    LogSeal forged = LogChain.seal(8, 1, false, hashes, g.generateKeyPair().getPrivate());
    db.commit(txn -> txn.put(ProvisionLog.SEAL_CF, LogKeys.sequence(8), forged.toByteArray()))
        .get(10, TimeUnit.SECONDS);
    assertNamed(5);
  }

  @Test
  void anAppendedEntryIsOnlyAnUnsealedTail() throws Exception {
    ProvisionLogEntry extra =
        entry(ENTRIES).toBuilder().setSequence(ENTRIES + 1).clearEntryHash().build();
    put(
        ENTRIES + 1,
        extra.toBuilder()
            .setEntryHash(LogChain.entryHash(entry(ENTRIES).getEntryHash(), extra))
            .build());
    LogVerifier.Result r = verify(log, 5);
    assertTrue(r.ok(), r.reason());
    assertEquals(ENTRIES, r.sealedThrough());
    assertEquals(1, r.unsealedTail());
  }
}
