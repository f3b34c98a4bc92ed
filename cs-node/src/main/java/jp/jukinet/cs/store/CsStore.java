package jp.jukinet.cs.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
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
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.store.StoreException;
import jp.jukinet.node.store.StoreIterator;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.id.CodeAllocator;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.RoutedMessage;

/**
 * The CS's database (RocksDB under its data directory): its residents' 本人確認情報 with history ({@link
 * IdentityRegistry}), their other 住民票 items ({@link ResidentRecord}), the outbox of 変更情報 for the
 * prefecture server, the mailbox of outgoing routed messages, the operation log, the route ids of
 * routed messages already handled, and the counters (change sequence, code allocation, route
 * sequence, operation log, resident count).
 *
 * <p>Everything one operation does is staged by {@link #commit} into <b>one</b> WriteBatch,
 * committed through the group committer: its state change, its outbox entry, its operation-log
 * line, the counters, and any routed message it sends. Work that throws stages nothing.
 */
public final class CsStore implements AutoCloseable {
  public static final String RESIDENT_CF = "cs_resident";
  public static final String OPLOG_CF = "cs_oplog";
  public static final String META_CF = "cs_meta";

  /** Every column family of a CS database. */
  public static final List<String> COLUMN_FAMILIES = columnFamilies();

  /** The one next hop of everything a CS sends: its prefecture server. */
  public static final String UPSTREAM_HOP = "upstream";

  private static final String SEEN_PREFIX = "seen/";
  private static final byte[] COUNTERS_KEY = utf8("counters");

  private final String nodeName;
  private final LocalGovernmentCode self;
  private final Clock clock;
  // Domain time (記録日時, 届出年月日 defaults, the operation log): the network's calendar.
  private final Clock calendar;
  private final NodeDatabase db;
  private final IdentityRegistry registry;
  private final Outbox outbox;
  private final RoutedMailbox mailbox;
  private final CodeAllocator allocator;
  // What the stagers build on (writer only), and what is known durable (for the status readers).
  private Counters stagedCounters;
  private volatile Counters counters;

  private CsStore(
      String nodeName,
      LocalGovernmentCode self,
      Clock clock,
      Clock calendar,
      NodeDatabase db,
      CodeAllocator allocator) {
    this.nodeName = nodeName;
    this.self = self;
    this.clock = clock;
    this.calendar = calendar;
    this.db = db;
    this.allocator = allocator;
    this.registry = IdentityRegistry.uncounted(db); // its residents are counted in Counters
    this.outbox = new Outbox(db, clock);
    this.mailbox = new RoutedMailbox(db, clock);
    this.counters = loadCounters();
    this.stagedCounters = counters;
  }

  /**
   * Opens (or creates) the CS database in {@code dir}; {@code clock} is real time (queue ages),
   * {@code calendar} domain time.
   */
  public static CsStore open(
      String nodeName,
      LocalGovernmentCode self,
      Path dir,
      StoreResources resources,
      Executor completions,
      Clock clock,
      Clock calendar,
      CodeAllocator allocator) {
    NodeDatabase db = NodeDatabase.open(nodeName, dir, COLUMN_FAMILIES, resources, completions);
    try {
      return new CsStore(
          nodeName,
          self,
          clock,
          Objects.requireNonNull(calendar, "calendar"),
          db,
          Objects.requireNonNull(allocator, "allocator"));
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
   * Runs {@code work} on the database writer, in commit order, with a {@link Txn} that stages into
   * one batch; completes with its result once the batch is durable. If {@code work} throws, nothing
   * is written and the future fails with that exception.
   */
  public <T> CompletableFuture<T> commit(Function<Txn, T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    return db.commit(
            base -> {
              Counters before = stagedCounters;
              Txn txn = new Txn(base, before.toBuilder());
              result.set(work.apply(txn));
              Counters after = txn.finish();
              stagedCounters = after;
              txn.onCommitted(() -> counters = after);
              // Runs before the next stager: it must build on the counters without this
              // transaction.
              txn.onAborted(cause -> stagedCounters = before);
            })
        .thenApply(v -> result.get());
  }

  // --- reads (any thread) ------------------------------------------------------------------

  public Optional<ResidentRecord> resident(String code) {
    return Optional.ofNullable(db.get(RESIDENT_CF, utf8(code))).map(v -> parseResident(code, v));
  }

  /** Whether a routed message with this route id was already handled here. */
  public boolean routedSeen(String routeId) {
    return db.get(META_CF, utf8(SEEN_PREFIX + routeId)) != null;
  }

  /** Residents currently registered (記載 and not 消除). */
  public long residentCount() {
    return counters.getResidents();
  }

  /** Changes recorded here so far (the last change sequence). */
  public long changesRecorded() {
    return counters.getChangeSeq();
  }

  /** Routed messages queued here so far (the last route sequence). */
  public long routesQueued() {
    return counters.getRouteSeq();
  }

  /** The allocation counter: how many codes this CS has drawn. */
  public long codesAllocated() {
    return counters.getCodeCounter();
  }

  /** The operation log, oldest first, starting after {@code afterSequence}, at most {@code max}. */
  public List<OperationLogEntry> operationLog(long afterSequence, int max) {
    List<OperationLogEntry> out = new ArrayList<>();
    try (StoreIterator it = db.iterator(OPLOG_CF)) {
      for (it.seek(u64(afterSequence + 1)); it.isValid() && out.size() < max; it.next()) {
        out.add(
            parse(
                OPLOG_CF,
                ByteBuffer.wrap(it.key()).getLong(),
                it.value(),
                OperationLogEntry.parser()));
      }
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
    private final Counters.Builder staged;
    private final Map<String, Optional<ResidentRecord>> residents = new HashMap<>();
    private String operatorId = "";

    private Txn(jp.jukinet.node.store.Txn base, Counters.Builder staged) {
      super(base);
      this.staged = staged;
    }

    public LocalGovernmentCode self() {
      return self;
    }

    public long nowMillis() {
      return calendar.millis();
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
      residents.put(r.getJuminhyoCode(), Optional.of(r));
      put(RESIDENT_CF, utf8(r.getJuminhyoCode()), r.toByteArray());
    }

    public void deleteResident(String code) {
      residents.put(code, Optional.empty());
      delete(RESIDENT_CF, utf8(code));
    }

    /** Draws the next 住民票コード (and the 個人番号 of the same slot) from this CS's slice. */
    public NewCodes allocateCodes() {
      long n = staged.getCodeCounter();
      staged.setCodeCounter(n + 1);
      return new NewCodes(allocator.juminhyoCode(self, n), allocator.individualNumber(self, n));
    }

    /**
     * Records a change: gives it this CS's source code, the next sequence and the time, applies it
     * to the registry and appends it to the outbox. Returns the change as recorded.
     */
    /**
     * Records the changes of this transaction on behalf of the operator {@code operatorId} (the
     * code of the operator's certificate); without it they carry no operator (the CS's own).
     */
    public void actFor(String operatorId) {
      this.operatorId = Objects.requireNonNull(operatorId, "operatorId");
    }

    public IdentityChange recordChange(IdentityChange.Builder change) {
      long seq = staged.getChangeSeq() + 1;
      staged.setChangeSeq(seq);
      IdentityChange c =
          change
              .setSourceMunicipality(self.value())
              .setSequence(seq)
              .setRecordedAtMillis(calendar.millis())
              .setOperatorId(operatorId)
              .build();
      byte[] encoded = c.toByteArray(); // once for the history and the outbox
      registry.apply(this, c, encoded);
      outbox.append(this, c, encoded);
      return c;
    }

    /**
     * Applies a change recorded by another municipality (a 住民票コード変更 notice) to the registry only:
     * it is not this CS's change, so it gets no sequence here and no outbox entry.
     */
    public void applyForeignChange(IdentityChange change) {
      registry.apply(this, change);
    }

    /**
     * The person's current code as staged so far, following retired codes (see
     * IdentityRegistry#stagedCode).
     */
    public String currentCode(String code) {
      return registry.stagedCode(this, code);
    }

    public void addResidents(int delta) {
      staged.setResidents(staged.getResidents() + delta);
    }

    /**
     * Queues a routed message to another CS (sent to the prefecture server once durable); returns
     * its route id.
     */
    public String sendRouted(RoutedMessage.Builder message) {
      long seq = staged.getRouteSeq() + 1;
      staged.setRouteSeq(seq);
      String routeId = self.value() + "-" + seq;
      mailbox.stage(
          this,
          message
              .setRouteId(routeId)
              .setOriginMunicipality(self.value())
              .setCreatedAtMillis(calendar.millis())
              .build(),
          UPSTREAM_HOP);
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
      log(
          OperationLogEntry.newBuilder()
              .setOperatorId(operatorId)
              .setOperation(operation)
              .setText(summary)
              .setResult(result));
    }

    /**
     * Logs an operation whose summary is the operator's {@code request}; the caller masks the card
     * PIN.
     */
    public void logRequest(
        String operatorId, String operation, ResidentOperationRequest request, String result) {
      log(
          OperationLogEntry.newBuilder()
              .setOperatorId(operatorId)
              .setOperation(operation)
              .setRequest(request)
              .setResult(result));
    }

    private void log(OperationLogEntry.Builder entry) {
      long seq = staged.getOplogSeq() + 1;
      staged.setOplogSeq(seq);
      put(
          OPLOG_CF,
          u64(seq),
          entry.setSequence(seq).setAtMillis(calendar.millis()).build().toByteArray());
    }

    private Counters finish() {
      Counters after = staged.build();
      put(META_CF, COUNTERS_KEY, after.toByteArray());
      return after;
    }
  }

  /** A freshly allocated 住民票コード and 個人番号. */
  public record NewCodes(JuminhyoCode juminhyoCode, IndividualNumber individualNumber) {}

  private static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
    cfs.addAll(Outbox.COLUMN_FAMILIES);
    cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
    cfs.addAll(List.of(RESIDENT_CF, OPLOG_CF, META_CF));
    return List.copyOf(cfs);
  }

  private Counters loadCounters() {
    byte[] v = db.get(META_CF, COUNTERS_KEY);
    return v == null
        ? Counters.getDefaultInstance()
        : parse(META_CF, "counters", v, Counters.parser());
  }

  private ResidentRecord parseResident(String code, byte[] v) {
    ResidentRecord r = parse(RESIDENT_CF, code, v, ResidentRecord.parser());
    if (!r.getJuminhyoCode().equals(code)) {
      throw new StoreException(
          nodeName
              + ": unreadable "
              + RESIDENT_CF
              + " value under "
              + code
              + ": it is the record of '"
              + r.getJuminhyoCode()
              + "'");
    }
    return r;
  }

  private <M> M parse(String cf, Object key, byte[] v, Parser<M> parser) {
    try {
      return parser.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(
          nodeName + ": unreadable " + cf + " value under " + key + ": " + e.getMessage(), e);
    }
  }
}
