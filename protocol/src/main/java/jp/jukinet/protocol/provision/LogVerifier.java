package jp.jukinet.protocol.provision;

import com.google.protobuf.ByteString;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.proto.LogSeal;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogPage;

/**
 * Verifies a provision log read page by page from sequence 1 (docs/protocol.md §7.5) with the
 * node's public key only: every entry's hash recomputed along the chain, every seal's signature,
 * seals following each other, and every sealed entry equal to the hash its seal holds. Memory is
 * bounded by one seal's worth of hashes.
 *
 * <p>What it proves: no sealed entry was altered, removed, reordered or inserted, and it names the
 * first entry that was (the smallest sequence found wrong). Entries after the last seal (the tail)
 * are checked for chain consistency only: whoever can write the store can append entries with
 * correct hashes, or cut the tail, and only a later seal (or one made on demand, as the log service
 * does before it serves the tail) covers them. Entries the node found unsealed when it opened its
 * log (after a crash, or a store changed while it was down) are sealed then with {@code
 * after_restart} set, and counted apart ({@link Result#sealedAfterRestart}). Removing the newest
 * seals together with every entry they cover is a truncation this check alone cannot see; a
 * verifier that remembers the last {@code sealed_through} it saw can ({@link
 * Result#sealedThrough}).
 */
public final class LogVerifier {
  /**
   * The outcome.
   *
   * @param entries entries read
   * @param sealedThrough the last sequence a valid seal covered
   * @param firstBad the first bad sequence, 0 when the log verified
   * @param reason why it is bad; empty when the log verified
   * @param sealedAfterRestart entries whose seal says they were found unsealed when the node opened
   *     its log and sealed then (after an unclean stop, or a store changed while the node was down:
   *     the check cannot tell which), so proven only from then on
   * @param firstSealedAfterRestart the first of them, 0 when none
   */
  public record Result(
      long entries,
      long sealedThrough,
      long firstBad,
      String reason,
      long sealedAfterRestart,
      long firstSealedAfterRestart) {
    public boolean ok() {
      return firstBad == 0;
    }

    /** Entries after the last seal: chained, not yet sealed. */
    public long unsealedTail() {
      return Math.max(0, entries - sealedThrough);
    }
  }

  private final PublicKey key;
  private ByteString chain = LogChain.GENESIS;
  private long next = 1; // the sequence expected next
  private long entries;
  private long sealedThrough;
  // Recomputed hashes of the entries after the last seal (index 0: sequence sealedThrough + 1).
  private final List<ByteString> window = new ArrayList<>();
  private long firstBad;
  private String reason = "";
  private boolean chainBroken; // entries after a break are not checked any further
  private long sealedAfterRestart;
  private long firstSealedAfterRestart;

  public LogVerifier(PublicKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** Takes the next page (pages in order, from after_sequence 0). */
  public void accept(ProvisionLogPage page) {
    List<LogSeal> seals = page.getSealsList();
    int s = 0;
    for (ProvisionLogEntry e : page.getEntriesList()) {
      while (s < seals.size() && seals.get(s).getThroughSequence() < e.getSequence()) {
        seal(seals.get(s++));
      }
      entry(e);
      while (s < seals.size() && seals.get(s).getThroughSequence() == e.getSequence()) {
        seal(seals.get(s++));
      }
    }
    while (s < seals.size()) {
      seal(seals.get(s++));
    }
  }

  private void entry(ProvisionLogEntry e) {
    entries++;
    if (chainBroken) {
      return;
    }
    long expected = next;
    if (e.getSequence() != expected) {
      broken(
          expected,
          e.getSequence() > expected
              ? "entry " + expected + " is missing (the log goes on with " + e.getSequence() + ")"
              : "entry "
                  + e.getSequence()
                  + " stands where entry "
                  + expected
                  + " belongs (reordered or inserted)");
      return;
    }
    ByteString h = LogChain.entryHash(chain, e);
    if (!h.equals(e.getEntryHash())) {
      broken(expected, "entry " + expected + " does not match its hash (altered or inserted)");
      window.add(h);
      return;
    }
    window.add(h);
    chain = h;
    next++;
  }

  private void broken(long seq, String why) {
    chainBroken = true;
    bad(seq, why);
  }

  private void bad(long seq, String why) {
    if (firstBad == 0 || seq < firstBad) {
      firstBad = seq;
      reason = why;
    }
  }

  private void seal(LogSeal seal) {
    long from = sealedThrough + 1;
    long through = seal.getThroughSequence();
    if (firstBad != 0 && firstBad <= sealedThrough) {
      return; // nothing this seal says can name an earlier entry
    }
    if (!LogChain.signatureValid(seal, key)) {
      bad(from, "the seal through " + through + " has no valid signature by the node's key");
      stopSeals(through);
      return;
    }
    int covered = seal.getEntryHashesCount();
    if (through - covered != sealedThrough || covered == 0) {
      bad(
          from,
          "the seal through "
              + through
              + " covers "
              + covered
              + " entries, not the ones after the previous seal (through "
              + sealedThrough
              + "): a seal is missing");
      stopSeals(through);
      return;
    }
    for (int i = 0; i < covered; i++) {
      long seq = from + i;
      ByteString sealed = seal.getEntryHashes(i);
      if (i >= window.size()) {
        bad(seq, "entry " + seq + " is missing (it was sealed)");
        break;
      }
      if (!sealed.equals(window.get(i))) {
        bad(seq, "entry " + seq + " differs from the entry sealed (altered, inserted or removed)");
        break;
      }
    }
    if (seal.getAfterRestart()) {
      sealedAfterRestart += covered;
      if (firstSealedAfterRestart == 0) {
        firstSealedAfterRestart = from;
      }
    }
    if (window.size() > covered) {
      window.subList(0, covered).clear();
    } else {
      window.clear();
    }
    sealedThrough = through;
  }

  private void stopSeals(long through) {
    window.clear();
    sealedThrough = through;
    chainBroken = true;
  }

  /** The outcome after the last page. */
  public Result finish() {
    return new Result(
        entries, sealedThrough, firstBad, reason, sealedAfterRestart, firstSealedAfterRestart);
  }
}
