package jp.jukinet.cs.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import jp.jukinet.protocol.id.CodeAllocator;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.store.StoreException;
import jp.jukinet.node.store.StoreResources;
import org.rocksdb.RocksIterator;

/**
 * The CS's database (RocksDB under its data directory): its residents' 本人確認情報 with history
 * ({@link IdentityRegistry}), their other 住民票 items ({@link ResidentRecord}), the outbox of
 * 変更情報 for the prefecture server, the mailbox of outgoing routed messages, the operation log,
 * the route ids of routed messages already handled, and the counters (change sequence, code
 * allocation, route sequence, operation log, resident count).
 *
 * <p>Everything one operation does is staged by {@link #commit} into <b>one</b> WriteBatch,
 * committed through the group committer: its state change, its outbox entry, its operation-log
 * line, the counters, and any routed message it sends. Work that throws stages nothing.
 */
public final class CsStore implements AutoCloseable {
  public static final String RESIDENT_CF = "cs_resident";
  public static final String OPLOG_CF = "cs_oplog";
  public static final String META_CF = "cs_meta";
  /** The one next hop of everything a CS sends: its prefecture server. */
  public static final String UPSTREAM_HOP = "upstream";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEEN_PREFIX = "seen/";

  private final String nodeName;
  private final LocalGovernmentCode self;
  private final Clock clock;
  private final NodeDatabase db;
  private final IdentityRegistry registry;
  private final Outbox outbox;
  private final RoutedMailbox mailbox;
  private final CodeAllocator allocator;
  // What the stagers build on (writer only), and what is known durable (for the status readers).
  private Counters stagedCounters;
  private volatile Counters counters;

  private CsStore(String nodeName, LocalGovernmentCode self, Clock clock, NodeDatabase db, CodeAllocator allocator) {
    this.nodeName = nodeName;
    this.self = self;
    this.clock = clock;
    this.db = db;
    this.allocator = allocator;
    this.registry = new IdentityRegistry(db);
    this.outbox = new Outbox(db, clock);
    this.mailbox = new RoutedMailbox(db, clock);
    this.counters = Counters.load(db);
    this.stagedCounters = counters.copy();
  }

  /** Opens (or creates) the CS database in {@code dir}. */
  public static CsStore open(String nodeName, LocalGovernmentCode self, Path dir, StoreResources resources,
      Executor completions, Clock clock, CodeAllocator allocator) {
    List<String> cfs = new ArrayList<>();
    cfs.addAll(IdentityRegistry.COLUMN_FAMILIES);
    cfs.addAll(Outbox.COLUMN_FAMILIES);
    cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
    cfs.addAll(List.of(RESIDENT_CF, OPLOG_CF, META_CF));
    NodeDatabase db = NodeDatabase.open(nodeName, dir, cfs, resources, completions);
    try {
      return new CsStore(nodeName, self, clock, db, Objects.requireNonNull(allocator, "allocator"));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public LocalGovernmentCode self() {
    return self;
  }

  public IdentityRegistry registry() {
    return registry;
  }

  public Outbox outbox() {
    return outbox;
  }

  public RoutedMailbox mailbox() {
    return mailbox;
  }

  public NodeDatabase database() {
    return db;
  }

  /**
   * Runs {@code work} on the database writer, in commit order, with a {@link Txn} that stages
   * into one batch; completes with its result once the batch is durable. If {@code work} throws,
   * nothing is written and the future fails with that exception.
   */
  public <T> CompletableFuture<T> commit(Function<Txn, T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    return db.commit(base -> {
      Counters before = stagedCounters;
      Txn txn = new Txn(base, before.copy());
      result.set(work.apply(txn));
      Counters after = txn.finish();
      stagedCounters = after;
      txn.onCommitted(() -> counters = after);
      // Runs before the next stager: it must build on the counters without this transaction.
      txn.onAborted(cause -> stagedCounters = before);
    }).thenApply(v -> result.get());
  }

  // --- reads (any thread) ------------------------------------------------------------------

  public Optional<IdentityInfo> identity(String code) {
    return registry.current(code);
  }

  public Optional<ResidentRecord> resident(String code) {
    return Optional.ofNullable(db.get(RESIDENT_CF, utf8(code))).map(CsStore::parseResident);
  }

  /** Whether a routed message with this route id was already handled here. */
  public boolean routedSeen(String routeId) {
    return db.get(META_CF, utf8(SEEN_PREFIX + routeId)) != null;
  }

  /** Residents currently registered (記載 and not 消除). */
  public long residentCount() {
    return counters.residents;
  }

  /** Changes recorded here so far (the last change sequence). */
  public long changesRecorded() {
    return counters.changeSeq;
  }

  /** Routed messages queued here so far (the last route sequence). */
  public long routesQueued() {
    return counters.routeSeq;
  }

  /** The allocation counter: how many codes this CS has drawn. */
  public long codesAllocated() {
    return counters.codeCounter;
  }

  /** The operation log, oldest first, starting after {@code afterSequence}, at most {@code max}. */
  public List<OperationLogEntry> operationLog(long afterSequence, int max) {
    List<OperationLogEntry> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(OPLOG_CF)) {
      for (it.seek(u64(afterSequence + 1)); it.isValid() && out.size() < max; it.next()) {
        byte[] v = it.value();
        out.add(BinaryValues.isJson(v) ? JSON.readValue(v, OperationLogEntry.class)
            : OperationLogEntry.fromBytes(v));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException(nodeName + ": unreadable operation log: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    db.close();
  }

  /**
   * One transaction being staged, on the writer: the common transaction (so the registry, outbox
   * and mailbox stage into it directly) with the CS's own records and counters.
   */
  // Named in full: inside CsStore the simple name is this class.
  public final class Txn extends jp.jukinet.node.store.Txn {
    private final Counters staged;
    private final Map<String, Optional<ResidentRecord>> residents = new HashMap<>();

    private Txn(jp.jukinet.node.store.Txn base, Counters staged) {
      super(base);
      this.staged = staged;
    }

    public LocalGovernmentCode self() {
      return self;
    }

    public long nowMillis() {
      return clock.millis();
    }

    public Optional<IdentityInfo> identity(String code) {
      return registry.current(code);
    }

    /** The person's changes in replay order (reason date first). */
    public List<IdentityChange> history(String code) {
      return registry.history(code);
    }

    public Optional<IdentityInfo> byIndividualNumber(String number) {
      return registry.byIndividualNumber(number);
    }

    public Optional<ResidentRecord> resident(String code) {
      return residents.computeIfAbsent(code, CsStore.this::resident);
    }

    public void putResident(ResidentRecord r) {
      residents.put(r.juminhyoCode(), Optional.of(r));
      put(RESIDENT_CF, utf8(r.juminhyoCode()), r.toBytes());
    }

    public void deleteResident(String code) {
      residents.put(code, Optional.empty());
      delete(RESIDENT_CF, utf8(code));
    }

    /** Draws the next 住民票コード (and the 個人番号 of the same slot) from this CS's slice. */
    public NewCodes allocateCodes() {
      long n = staged.codeCounter++;
      return new NewCodes(allocator.juminhyoCode(self, n), allocator.individualNumber(self, n));
    }

    /**
     * Records a change: gives it this CS's source code, the next sequence and the time, applies it
     * to the registry and appends it to the outbox. Returns the change as recorded.
     */
    public IdentityChange recordChange(IdentityChange.Builder change) {
      IdentityChange c = change.setSourceMunicipality(self.value()).setSequence(++staged.changeSeq)
          .setRecordedAtMillis(clock.millis()).build();
      byte[] encoded = c.toByteArray(); // once for the history and the outbox
      registry.apply(this, c, encoded);
      outbox.append(this, c, encoded);
      return c;
    }

    /**
     * Applies a change recorded by another municipality (a 住民票コード変更 notice) to the
     * registry only: it is not this CS's change, so it gets no sequence here and no outbox entry.
     */
    public void applyForeignChange(IdentityChange change) {
      registry.apply(this, change);
    }

    /** The person's current code as staged so far, following retired codes (see IdentityRegistry#stagedCode). */
    public String currentCode(String code) {
      return registry.stagedCode(this, code);
    }

    public void addResidents(int delta) {
      staged.residents += delta;
    }

    /** Queues a routed message to another CS (sent to the prefecture server once durable); returns its route id. */
    public String sendRouted(RoutedMessage.Builder message) {
      String routeId = self.value() + "-" + (++staged.routeSeq);
      mailbox.stage(this, message.setRouteId(routeId).setOriginMunicipality(self.value())
          .setCreatedAtMillis(clock.millis()).build(), UPSTREAM_HOP);
      return routeId;
    }

    /** Remembers that the routed message {@code routeId} was handled here. */
    public void markRoutedSeen(String routeId) {
      put(META_CF, utf8(SEEN_PREFIX + routeId), u64(clock.millis()));
    }

    public boolean routedSeen(String routeId) {
      return CsStore.this.routedSeen(routeId);
    }

    public void log(String operatorId, String operation, String summary, String result) {
      long seq = ++staged.oplogSeq;
      put(OPLOG_CF, u64(seq), OperationLogEntry.toBytes(seq, clock.millis(), operatorId, operation,
          OperationLogEntry.SUMMARY_TEXT, utf8(summary), result));
    }

    /**
     * Logs an operation whose summary is {@code request} in one line; the request is stored as
     * its bytes and printed when the log is read (printing it here was a tenth of the stager).
     * The caller masks what must not be logged (the card PIN).
     */
    public void logRequest(String operatorId, String operation, ResidentOperationRequest request, String result) {
      long seq = ++staged.oplogSeq;
      put(OPLOG_CF, u64(seq), OperationLogEntry.toBytes(seq, clock.millis(), operatorId, operation,
          OperationLogEntry.SUMMARY_REQUEST, request.toByteArray(), result));
    }

    private Counters finish() {
      staged.stage(this);
      return staged;
    }
  }

  /** A freshly allocated 住民票コード and 個人番号. */
  public record NewCodes(JuminhyoCode juminhyoCode, IndividualNumber individualNumber) {}

  /** The persistent counters, copied per batch so a failed stager leaves them as they were. */
  private static final class Counters {
    static final String[] KEYS = {"change_seq", "code_counter", "route_seq", "oplog_seq", "residents"};
    static final byte[] ALL_KEY = utf8("counters");
    long changeSeq;
    long codeCounter;
    long routeSeq;
    long oplogSeq;
    long residents;

    static Counters load(NodeDatabase db) {
      Counters c = new Counters();
      byte[] all = db.get(META_CF, ALL_KEY);
      if (all != null) {
        if (all.length != 8 * 5) {
          throw new StoreException(db.nodeName() + ": counters value has " + all.length + " bytes, expected 40");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        c.changeSeq = b.getLong();
        c.codeCounter = b.getLong();
        c.routeSeq = b.getLong();
        c.oplogSeq = b.getLong();
        c.residents = b.getLong();
        return c;
      }
      // Written by an earlier version, one key per counter.
      c.changeSeq = read(db, KEYS[0]);
      c.codeCounter = read(db, KEYS[1]);
      c.routeSeq = read(db, KEYS[2]);
      c.oplogSeq = read(db, KEYS[3]);
      c.residents = read(db, KEYS[4]);
      return c;
    }

    Counters copy() {
      Counters c = new Counters();
      c.changeSeq = changeSeq;
      c.codeCounter = codeCounter;
      c.routeSeq = routeSeq;
      c.oplogSeq = oplogSeq;
      c.residents = residents;
      return c;
    }

    /** One key for all five (was one key each: five puts per change). */
    void stage(Txn txn) {
      txn.put(META_CF, ALL_KEY, ByteBuffer.allocate(8 * 5).putLong(changeSeq).putLong(codeCounter).putLong(routeSeq)
          .putLong(oplogSeq).putLong(residents).array());
    }

    private static long read(NodeDatabase db, String key) {
      byte[] v = db.get(META_CF, utf8("counter/" + key));
      return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }
  }

  private static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ResidentRecord parseResident(byte[] v) {
    try {
      return BinaryValues.isJson(v) ? JSON.readValue(v, ResidentRecord.class) : ResidentRecord.fromBytes(v);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("unreadable resident record: " + e.getMessage(), e);
    }
  }
}
