package jp.jukinet.node.provision;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreIterator;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.LogSeal;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.protocol.provision.LogChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provision log (提供記録) of one server: every provision as a hash-chained entry, sealed at
 * intervals with the node's key ({@link LogChain}, docs/protocol.md §7.5), an index by person for
 * 開示, and 提供件数 counters by month × requester × 事務 × method, all staged into the caller's {@link
 * Txn} so they are durable with the answer they record.
 *
 * <p>The chain needs a strict order: entries are staged on the database's writer ({@link
 * Txn#requireStaging}), which is one thread at a time in commit order, so the chain head, the
 * hashes not sealed yet and the counters' cache live there. A transaction that aborts puts them
 * back as they were before it (its {@code onAborted} runs before the next stager). At open the head
 * is the last stored entry, and the hashes after the last seal are read back.
 *
 * <p>A seal covers the entries after the previous seal: staged with the entry that makes {@link
 * Settings#sealEveryEntries} unsealed, every {@link Settings#sealEvery} of real time by a timer
 * (once {@link #sealPeriodically} started it), by {@link #seal()} (the log service calls it before
 * serving the tail) and at {@link #close()}. A seal's {@code at_millis} is on the clock given (the
 * network's calendar, docs/design.md §8.1), like the entries' times, which the caller gives.
 */
public final class ProvisionLog implements ProvisionRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisionLog.class);

  /** sequence → ProvisionLogEntry. */
  public static final String LOG_CF = "provision_log";

  /** through_sequence → LogSeal. */
  public static final String SEAL_CF = "provision_seal";

  /** 住民票コード, sequence → empty. */
  public static final String PERSON_CF = "provision_person";

  /** month, requester, 事務, method → count (8 bytes, big-endian). */
  public static final String COUNTER_CF = "provision_counter";

  public static final List<String> COLUMN_FAMILIES =
      List.of(LOG_CF, SEAL_CF, PERSON_CF, COUNTER_CF);

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");
  private static final byte[] EMPTY = new byte[0];

  /**
   * When to seal.
   *
   * @param sealEveryEntries at most this many entries unsealed
   * @param sealEvery how often (real time) the timer seals the entries not sealed yet
   */
  public record Settings(int sealEveryEntries, Duration sealEvery) {
    public Settings {
      if (sealEveryEntries < 1) {
        throw new IllegalArgumentException(
            "seal every " + sealEveryEntries + " entries: must be at least 1");
      }
      Objects.requireNonNull(sealEvery, "sealEvery");
      if (sealEvery.isNegative()) {
        throw new IllegalArgumentException("seal interval " + sealEvery + " is negative");
      }
    }

    /** 1,024 entries (a seal then holds 32 KiB of hashes) or 5 seconds. */
    public static Settings defaults() {
      return new Settings(1024, Duration.ofSeconds(5));
    }
  }

  private final NodeDatabase db;
  private final String node;
  private final PrivateKey sealKey;
  private final Clock clock;
  private final Settings settings;
  private final Txn.Key<Undo> undoKey = Txn.key("provision log", this::begin);

  // --- writer state (one writer at a time, in commit order) ---
  private long headSequence;
  private long recoveredThrough; // entries up to this were found unsealed at open (0: none)
  private ByteString headHash = LogChain.GENESIS;
  private List<ByteString> unsealed = new ArrayList<>();
  private final Map<ByteString, Long> counters = new HashMap<>();

  // For readers on other threads: the last sequence sealed and durable.
  private volatile long sealedThrough;
  private volatile long stagedThrough;
  private final AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();

  /**
   * @param clock the node's calendar ({@code NodeConfig.calendar}): the seals' times
   */
  public ProvisionLog(NodeDatabase db, PrivateKey sealKey, Clock clock, Settings settings) {
    this.db = Objects.requireNonNull(db, "db");
    this.node = db.nodeName();
    this.sealKey = Objects.requireNonNull(sealKey, "sealKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    recover();
  }

  /**
   * The key the node's log is sealed with: its TLS key ({@code <pki_dir>/nodes/<name>.key}, EC
   * P-256), so that its certificate ({@code nodes/<name>.pem}) is all a verifier needs.
   */
  public static PrivateKey nodeKey(NodeConfig config) {
    return PemFiles.readPrivateKey(
        config.pkiDir().resolve("nodes").resolve(config.node().name() + ".key"));
  }

  /** Reads the chain head and the hashes after the last seal. */
  private void recover() {
    LogSeal lastSeal = null;
    try (StoreIterator it = db.iterator(SEAL_CF)) {
      it.seekForPrev(LogKeys.sequence(Long.MAX_VALUE));
      if (it.isValid()) {
        lastSeal = parseSeal(it.value());
      }
    }
    long from = lastSeal == null ? 1 : lastSeal.getThroughSequence() + 1;
    if (lastSeal != null) {
      headSequence = lastSeal.getThroughSequence();
      headHash = lastSeal.getChainHash();
      sealedThrough = headSequence;
    }
    try (StoreIterator it = db.iterator(LOG_CF)) {
      for (it.seek(LogKeys.sequence(from)); it.isValid(); it.next()) {
        headSequence = LogKeys.sequenceAt(it.key(), 0);
        ProvisionLogEntry e = entryOrStub(headSequence, it.value());
        headHash = e.getEntryHash();
        unsealed.add(headHash);
      }
    }
    stagedThrough = headSequence;
    if (!unsealed.isEmpty()) {
      // An unclean stop, or a store changed behind the node's back: which, the node cannot tell.
      // Their own seal, marked after_restart, says they were sealed when found, not when written.
      LOG.warn(
          "{}: provision log has {} entries after its last seal (through {}); sealing them as"
              + " found after a restart",
          node,
          unsealed.size(),
          sealedThrough);
      recoveredThrough = headSequence;
      // Queued before any provision can be: the seal covers exactly what was found.
      db.commit(this::stageSeal)
          .exceptionally(
              e -> {
                LOG.warn("{}: sealing the entries found at open failed: {}", node, e.toString());
                return null;
              });
    }
  }

  @Override
  public long stage(Txn txn, ProvisionEvent event) {
    txn.requireStaging("ProvisionLog.stage");
    Undo undo = txn.attachment(undoKey);
    long seq = headSequence + 1;
    ProvisionLogEntry unhashed =
        ProvisionLogEntry.newBuilder()
            .setSequence(seq)
            .setAtMillis(event.atMillis())
            .setRequester(event.requester())
            .setJimuCode(event.jimuCode())
            .setMethod(event.method())
            .setRequestId(event.requestId())
            .setFirstIndex(event.firstIndex())
            .addAllPersons(event.persons())
            .build();
    byte[] bytes = unhashed.toByteArray();
    ByteString hash = LogChain.entryHash(headHash, bytes);
    byte[] seqKey = LogKeys.sequence(seq);
    txn.put(LOG_CF, seqKey, LogChain.withHash(bytes, hash));
    for (String person : event.persons()) {
      txn.put(PERSON_CF, LogKeys.key().str(person).u64(seq).build(), EMPTY);
    }
    if (!event.persons().isEmpty()) {
      count(txn, undo, event);
    }
    headSequence = seq;
    headHash = hash;
    undo.staged = seq;
    unsealed.add(hash);
    if (unsealed.size() >= settings.sealEveryEntries()) {
      stageSeal(txn);
    }
    return seq;
  }

  /** 提供件数: one per person provided. */
  private void count(Txn txn, Undo undo, ProvisionEvent event) {
    String month = month(event.atMillis());
    byte[] key =
        LogKeys.key()
            .str(month)
            .str(event.requester())
            .str(event.jimuCode())
            .str(Integer.toString(event.method().getNumber()))
            .build();
    ByteString k = ByteString.copyFrom(key);
    Long before = counters.get(k);
    if (before == null) {
      byte[] stored = db.get(COUNTER_CF, key);
      before = stored == null ? 0L : LogKeys.sequenceAt(stored, 0);
    }
    if (!undo.counters.containsKey(k)) {
      undo.counters.put(k, counters.get(k)); // null: not cached before
    }
    long after = before + event.persons().size();
    counters.put(k, after);
    txn.put(COUNTER_CF, key, LogKeys.sequence(after));
  }

  private String month(long atMillis) {
    return MONTH.format(Instant.ofEpochMilli(atMillis).atZone(IsoDates.JAPAN));
  }

  /** Stages a seal of the unsealed entries (none when there are none). */
  private void stageSeal(Txn txn) {
    if (unsealed.isEmpty()) {
      return;
    }
    txn.attachment(undoKey);
    long now = clock.millis();
    boolean afterRestart = headSequence - unsealed.size() < recoveredThrough;
    LogSeal seal = LogChain.seal(headSequence, now, afterRestart, unsealed, sealKey);
    recoveredThrough = 0;
    txn.put(SEAL_CF, LogKeys.sequence(headSequence), seal.toByteArray());
    long through = headSequence;
    txn.onCommitted(() -> sealedThrough = Math.max(sealedThrough, through));
    unsealed = new ArrayList<>(settings.sealEveryEntries());
  }

  /** Commits a seal of every entry staged before it; completes at once when all are sealed. */
  public CompletableFuture<Void> seal() {
    if (stagedThrough == sealedThrough) {
      return CompletableFuture.completedFuture(null);
    }
    return db.commit(this::stageSeal);
  }

  /** Entries staged and not yet sealed (as of the last committed transaction, roughly). */
  public boolean hasUnsealed() {
    return stagedThrough != sealedThrough;
  }

  /** The last sequence sealed (and durable). */
  public long sealedThrough() {
    return sealedThrough;
  }

  /**
   * Seals the unsealed entries every {@link Settings#sealEvery} on {@code scheduler} too, so a tail
   * does not wait for the next entry while the node is idle; until {@link #close()}.
   */
  public void sealPeriodically(ScheduledExecutorService scheduler) {
    long every = Math.max(1, settings.sealEvery().toMillis());
    ScheduledFuture<?> t =
        scheduler.scheduleWithFixedDelay(
            () -> {
              if (hasUnsealed()) {
                seal()
                    .exceptionally(
                        e -> {
                          LOG.warn("{}: sealing the provision log failed: {}", node, e.toString());
                          return null;
                        });
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
    ScheduledFuture<?> before = timer.getAndSet(t);
    if (before != null) {
      before.cancel(false);
    }
  }

  /** Stops the timer without sealing: the node is being abandoned (as by a crash). */
  public void abandon() {
    ScheduledFuture<?> t = timer.getAndSet(null);
    if (t != null) {
      t.cancel(false);
    }
  }

  /**
   * Seals the tail, so that a clean stop leaves the whole log sealed; before the database closes.
   */
  public void close() {
    abandon();
    try {
      seal().join();
    } catch (RuntimeException e) {
      LOG.warn("{}: sealing the provision log at close failed: {}", node, e.toString());
    }
  }

  // --- undo of a transaction that aborted ---------------------------------------------------

  /** The writer state before a transaction's first entry, restored if it aborts. */
  private final class Undo {
    final long headSequence = ProvisionLog.this.headSequence;
    final ByteString headHash = ProvisionLog.this.headHash;
    final List<ByteString> unsealed = ProvisionLog.this.unsealed;
    final int unsealedSize = ProvisionLog.this.unsealed.size();
    final long recoveredThrough = ProvisionLog.this.recoveredThrough;
    final Map<ByteString, Long> counters = new HashMap<>();
    long staged;
  }

  private Undo begin(Txn txn) {
    Undo undo = new Undo();
    txn.onCommitted(() -> stagedThrough = Math.max(stagedThrough, undo.staged));
    txn.onAborted(cause -> restore(undo));
    return undo;
  }

  private void restore(Undo undo) {
    headSequence = undo.headSequence;
    headHash = undo.headHash;
    undo.unsealed.subList(undo.unsealedSize, undo.unsealed.size()).clear();
    unsealed = undo.unsealed;
    recoveredThrough = undo.recoveredThrough;
    for (Map.Entry<ByteString, Long> e : undo.counters.entrySet()) {
      if (e.getValue() == null) {
        counters.remove(e.getKey());
      } else {
        counters.put(e.getKey(), e.getValue());
      }
    }
  }

  // --- reads (any thread) -------------------------------------------------------------------

  /**
   * Entries after {@code afterSequence}, at most {@code limit} and about {@code maxBytes} (at least
   * one entry), with the seals whose {@code through_sequence} falls in the page: above {@code
   * afterSequence}, up to its last entry, or without bound on the last page.
   */
  public ProvisionLogPage page(long afterSequence, int limit, int maxBytes) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " must be positive");
    }
    ProvisionLogPage.Builder page = ProvisionLogPage.newBuilder();
    if (afterSequence < 0 || afterSequence == Long.MAX_VALUE) {
      return page.build(); // (unsigned) beyond any sequence
    }
    int bytes = 0;
    try (StoreIterator entries = db.iterator(LOG_CF);
        StoreIterator seals = db.iterator(SEAL_CF)) {
      byte[] start = LogKeys.sequence(afterSequence + 1);
      entries.seek(start);
      seals.seek(start);
      while (entries.isValid() && page.getEntriesCount() < limit) {
        long seq = LogKeys.sequenceAt(entries.key(), 0);
        byte[] value = entries.value();
        List<LogSeal> upTo = new ArrayList<>(1);
        int size = value.length + 16;
        for (; seals.isValid() && LogKeys.sequenceAt(seals.key(), 0) <= seq; seals.next()) {
          LogSeal seal = parseSeal(seals.value());
          upTo.add(seal);
          size += seal.getSerializedSize() + 8;
        }
        if (page.getEntriesCount() > 0 && bytes + size > maxBytes) {
          break; // the seals just read come again with this entry on the next page
        }
        bytes += size;
        page.addEntries(entryOrStub(seq, value)).addAllSeals(upTo);
        entries.next();
      }
      boolean more = entries.isValid();
      // Seals past the last entry exist only when entries they cover are gone: show them.
      for (; !more && seals.isValid(); seals.next()) {
        LogSeal seal = parseSeal(seals.value());
        bytes += seal.getSerializedSize() + 8;
        if (bytes > maxBytes && page.getEntriesCount() + page.getSealsCount() > 0) {
          more = true;
          break;
        }
        page.addSeals(seal);
      }
      page.setMore(more);
    }
    return page.build();
  }

  /**
   * 開示: every provision of the persons with these 住民票コード (a person's current and former codes), in
   * sequence order; {@code juminhyo_code} is the code the entry named.
   */
  public List<ProvisionRecord> byPerson(Collection<String> codes) {
    TreeMap<Long, List<String>> seqs = new TreeMap<>();
    for (String code : codes) {
      byte[] prefix = LogKeys.key().str(code).build();
      try (StoreIterator it = db.iterator(PERSON_CF)) {
        for (it.seek(prefix); it.isValid() && LogKeys.startsWith(it.key(), prefix); it.next()) {
          byte[] k = it.key();
          if (k.length == prefix.length + 8) {
            seqs.computeIfAbsent(LogKeys.sequenceAt(k, prefix.length), s -> new ArrayList<>())
                .add(code);
          }
        }
      }
    }
    if (seqs.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(seqs.size());
    for (long s : seqs.keySet()) {
      keys.add(LogKeys.sequence(s));
    }
    List<byte[]> values = db.multiGet(LOG_CF, keys);
    List<ProvisionRecord> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<Long, List<String>> e : seqs.entrySet()) {
      byte[] v = values.get(i++);
      if (v == null) {
        continue;
      }
      ProvisionLogEntry entry = entryOrStub(e.getKey(), v);
      for (String code : e.getValue()) {
        out.add(
            ProvisionRecord.newBuilder()
                .setRequester(entry.getRequester())
                .setJimuCode(entry.getJimuCode())
                .setMethod(entry.getMethod())
                .setProvidedAtMillis(entry.getAtMillis())
                .setRequestId(entry.getRequestId())
                .setLogSequence(entry.getSequence())
                .setJuminhyoCode(code)
                .build());
      }
    }
    return out;
  }

  /**
   * 提供件数 of the months {@code from} through {@code to} (null: open), by month, requester, 事務 and
   * method, in that order.
   */
  public List<CounterRow> counters(YearMonth from, YearMonth to) {
    List<CounterRow> out = new ArrayList<>();
    try (StoreIterator it = db.iterator(COUNTER_CF)) {
      if (from == null) {
        it.seekToFirst();
      } else {
        it.seek(LogKeys.key().str(MONTH.format(from)).build());
      }
      String last = to == null ? null : MONTH.format(to);
      for (; it.isValid(); it.next()) {
        String[] f = LogKeys.strings(it.key(), 4);
        if (last != null && f[0].compareTo(last) > 0) {
          break;
        }
        out.add(
            CounterRow.newBuilder()
                .setMonth(f[0])
                .setRequester(f[1])
                .setJimuCode(f[2])
                .setMethod(ProvisionMethod.forNumber(Integer.parseInt(f[3])))
                .setCount(LogKeys.sequenceAt(it.value(), 0))
                .build());
      }
    }
    return out;
  }

  /**
   * The entry as stored; bytes that are no entry (a store changed behind the node's back) are
   * served as an entry holding only its sequence, which no verifier accepts.
   */
  private ProvisionLogEntry entryOrStub(long seq, byte[] value) {
    try {
      return ProvisionLogEntry.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("{}: provision log entry {} is unreadable: {}", node, seq, e.getMessage());
      return ProvisionLogEntry.newBuilder().setSequence(seq).build();
    }
  }

  private LogSeal parseSeal(byte[] value) {
    try {
      return LogSeal.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("{}: a provision log seal is unreadable: {}", node, e.getMessage());
      return LogSeal.getDefaultInstance();
    }
  }
}
