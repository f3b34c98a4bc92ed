package jp.jukinet.node.store;

import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.id.IsoDates;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * 本人確認情報 with its full history of 変更情報, as the prefecture and national servers hold it
 * (and the CS for its own residents): per person every change ever applied, the current record,
 * and indexes by 個人番号, 4情報 (name + birth date) and municipality.
 *
 * <h2>Convergence rule</h2>
 *
 * The current record is a pure function of the person's history, so it is the same whatever
 * order changes from different municipalities arrive in. It is the replay of the history sorted
 * by {@code (reason_date, recorded_at, source, sequence)}, starting from "no record":
 *
 * <ul>
 *   <li>記載 from municipality X sets the record to the change's 本人確認情報, registered in X;
 *   <li>消除 from X applies only if the record is currently registered in X: it takes the last
 *       values and marks the record removed;
 *   <li>修正 from X applies only if the record is currently registered in X: it takes the new
 *       values and keeps the removed flag.
 * </ul>
 *
 * So a 転出 消除 or 転出確定 from the old municipality never deletes a person the new
 * municipality has already recorded by 転入 (with a reason date not earlier), whichever arrives
 * first. The record's {@code juminhyo_code} is always the person's current code.
 *
 * <h2>住民票コード変更</h2>
 *
 * A change with reason {@link ChangeReason#CHANGE_REASON_JUMINHYO_CODE_CHANGE} (new code in
 * {@code identity}, old one in {@code previous_juminhyo_code}) moves the person's whole history
 * to the new code and retires the old one: it no longer resolves in {@link #current},
 * {@link #asOf}, {@link #history} or any index. Only {@link #retiredCodeSuccessor} (for 開示)
 * still maps it to the person. Changes that later arrive under a retired code are filed under
 * its successor.
 *
 * <h2>Threading</h2>
 *
 * {@link #apply} reads the person's state, so it must run inside
 * {@link NodeDatabase#commit(NodeDatabase.Stager)}; several changes of the same person may be
 * applied to one batch. Lookups may be called from any thread and read the database.
 */
public final class IdentityRegistry {
  public static final String HISTORY_CF = "registry_history";
  public static final String CURRENT_CF = "registry_current";
  public static final String INDEX_CF = "registry_index";
  public static final List<String> COLUMN_FAMILIES = List.of(HISTORY_CF, CURRENT_CF, INDEX_CF);

  private static final byte[] COUNT_KEY = "#count".getBytes(StandardCharsets.UTF_8);
  /** Present once every person with a history has its {@link #lastKey} (format 2). */
  private static final byte[] FORMAT_KEY = "#format".getBytes(StandardCharsets.UTF_8);
  private static final long FORMAT = 2;

  private final NodeDatabase db;
  // Every code that may be retired (a superset: a staged code change that then failed stays in),
  // so the staging path reads the database only for those instead of once per change.
  private final Set<String> maybeRetired = ConcurrentHashMap.newKeySet();

  // Staged state of the batch being built (writer only): everything earlier is in the database.
  private WriteBatch overlayBatch;
  private final Map<String, Person> overlay = new HashMap<>();
  private final Map<String, String> overlayRetired = new HashMap<>();
  private Long overlayCount;
  // The count as of the last batch staged (writer only; -1: read it from the database).
  private long cachedCount = -1;

  public IdentityRegistry(NodeDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
    upgradeFormat();
    byte[] prefix = new byte[] {'R'};
    try (RocksIterator it = db.iterator(INDEX_CF)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        maybeRetired.add(new String(k, 1, k.length - 2, StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Databases written before format 2 have no {@link #lastKey} per person: derive them once from
   * the history (its keys sort by code, then replay order, so the last key per code is the latest).
   */
  private void upgradeFormat() {
    if (db.get(INDEX_CF, FORMAT_KEY) != null) {
      return;
    }
    WriteBatch batch = new WriteBatch();
    try (RocksIterator it = db.iterator(HISTORY_CF)) {
      String prevCode = null;
      byte[] prevSort = null;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        int sep = 0;
        while (k[sep] != Keys.SEP) {
          sep++;
        }
        String code = new String(k, 0, sep, StandardCharsets.UTF_8);
        if (prevCode != null && !prevCode.equals(code)) {
          batch.put(db.cf(INDEX_CF), lastKey(prevCode), prevSort);
        }
        prevCode = code;
        prevSort = Arrays.copyOfRange(k, sep + 1, k.length);
      }
      if (prevCode != null) {
        batch.put(db.cf(INDEX_CF), lastKey(prevCode), prevSort);
      }
      batch.put(db.cf(INDEX_CF), FORMAT_KEY, Keys.longValue(FORMAT));
    } catch (RocksDBException e) {
      batch.close();
      throw new StoreException(db.nodeName() + ": upgrading the registry format failed: " + e.getMessage(), e);
    }
    try {
      db.commit(batch).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StoreException(db.nodeName() + ": upgrading the registry format failed: " + e.getMessage(), e);
    }
  }

  /** 4情報 name normalisation for the index: NFKC, then every kind of whitespace removed. */
  public static String normalizeName(String name) {
    String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
    // What [\s\p{Z}]+ matches, without a regex (a twentieth of a stager's time).
    StringBuilder sb = null;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (isSpace(c)) {
        if (sb == null) {
          sb = new StringBuilder(n.length()).append(n, 0, i);
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? n : sb.toString();
  }

  /** {@code \s} (ASCII whitespace) or {@code \p{Z}} (every separator is in the BMP). */
  private static boolean isSpace(char c) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
  }

  /** Stages the change and every update it causes into {@code batch} (see the class comment). */
  public void apply(WriteBatch batch, IdentityChange change) {
    apply(batch, change, null);
  }

  /**
   * As {@link #apply(WriteBatch, IdentityChange)}, with {@code encoded} the change's bytes
   * ({@code change.toByteArray()}) when the caller has them already (it also appends the change
   * to an outbox), so they are computed once per hop; null: encode here.
   */
  public void apply(WriteBatch batch, IdentityChange change, byte[] encoded) {
    db.requireWriter("IdentityRegistry.apply");
    validate(change);
    if (batch != overlayBatch) {
      startBatch(batch);
    }
    try {
      String code = stagedResolve(change.getIdentity().getJuminhyoCode());
      byte[] sortKey = sortKey(change);
      boolean codeChange = change.getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE;
      Person person = load(code, codeChange ? null : sortKey);
      long count = stagedCount();
      if (codeChange) {
        String old = stagedResolve(change.getPreviousJuminhyoCode());
        if (!old.equals(code)) {
          Person oldPerson = load(old, null);
          if (oldPerson.last != null && (person.last == null || Arrays.compareUnsigned(oldPerson.last, person.last) > 0)) {
            person.last = oldPerson.last;
          }
          batch.delete(db.cf(INDEX_CF), lastKey(old));
          oldPerson.last = null;
          for (Map.Entry<byte[], IdentityChange> e : oldPerson.history.entrySet()) {
            batch.delete(db.cf(HISTORY_CF), historyKey(old, e.getKey()));
            batch.put(db.cf(HISTORY_CF), historyKey(code, e.getKey()), e.getValue().toByteArray());
            person.history.put(e.getKey(), e.getValue());
          }
          if (oldPerson.current != null) {
            removeIndexes(batch, oldPerson.current);
            batch.delete(db.cf(CURRENT_CF), utf8(old));
            count--;
          }
          oldPerson.history.clear();
          oldPerson.current = null;
          batch.put(db.cf(INDEX_CF), retiredKey(old), utf8(code));
          overlayRetired.put(old, code);
          maybeRetired.add(old);
        }
      }
      person.history.put(sortKey, change);
      batch.put(db.cf(HISTORY_CF), historyKey(code, sortKey), encoded != null ? encoded : change.toByteArray());
      IdentityInfo before = person.current;
      IdentityInfo after;
      boolean latest = person.last == null || Arrays.compareUnsigned(sortKey, person.last) > 0;
      if (latest && !codeChange) {
        // The change sorts after everything the person has: replaying the history is the
        // record so far (person.current) followed by this change.
        after = withCode(step(before, change), code);
      } else {
        person.ensureHistory(this, code);
        after = replay(code, person.history.values(), null);
      }
      if (latest) {
        person.last = sortKey;
      }
      if (latest || codeChange) {
        batch.put(db.cf(INDEX_CF), lastKey(code), person.last);
      }
      if (!Objects.equals(before, after)) {
        if (before != null) {
          removeIndexes(batch, before);
        }
        if (after != null) {
          addIndexes(batch, after);
          batch.put(db.cf(CURRENT_CF), utf8(code), after.toByteArray());
        } else {
          batch.delete(db.cf(CURRENT_CF), utf8(code));
        }
        person.current = after;
      }
      if (before == null && after != null) {
        count++;
      } else if (before != null && after == null) {
        count--;
      }
      if (count != stagedCount()) {
        overlayCount = count;
        batch.put(db.cf(INDEX_CF), COUNT_KEY, Keys.longValue(count));
      }
    } catch (RocksDBException e) {
      throw new StoreException(db.nodeName() + ": staging change " + id(change) + " failed: " + e.getMessage(), e);
    }
  }

  /** The current record (possibly marked removed), or empty for an unknown or retired code. */
  public Optional<IdentityInfo> current(String juminhyoCode) {
    byte[] v = db.get(CURRENT_CF, utf8(juminhyoCode));
    return v == null ? Optional.empty() : Optional.of(parseInfo(v));
  }

  public Optional<IdentityInfo> byIndividualNumber(String individualNumber) {
    byte[] code = db.get(INDEX_CF, Keys.of('N').str(individualNumber).build());
    if (code == null) {
      return Optional.empty();
    }
    return current(new String(code, StandardCharsets.UTF_8))
        .filter(info -> info.getIndividualNumber().equals(individualNumber));
  }

  /** Every person whose normalised name and birth date match, in 住民票コード order. */
  public List<IdentityInfo> byFourItems(String name, String birthDate) {
    byte[] prefix = Keys.of('F').str(normalizeName(name)).str(birthDate).build();
    List<IdentityInfo> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(INDEX_CF)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        String code = new String(k, prefix.length, k.length - prefix.length - 1, StandardCharsets.UTF_8);
        current(code).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The person's changes in replay order; empty for an unknown or retired code. */
  public List<IdentityChange> history(String juminhyoCode) {
    return new ArrayList<>(readHistory(juminhyoCode).values());
  }

  /** The record as of the end of {@code date} (replaying changes with reason date ≤ date). */
  public Optional<IdentityInfo> asOf(String juminhyoCode, LocalDate date) {
    Objects.requireNonNull(date, "date");
    return Optional.ofNullable(replay(juminhyoCode, readHistory(juminhyoCode).values(), date));
  }

  /**
   * Records currently registered (not removed) in {@code municipality}, in 住民票コード order,
   * starting after {@code afterCode} (null or empty: from the start), at most {@code limit}.
   */
  public List<IdentityInfo> listRecords(String municipality, String afterCode, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    byte[] prefix = Keys.of('M').str(municipality).build();
    byte[] start = afterCode == null || afterCode.isEmpty() ? prefix : Keys.of('M').str(municipality).str(afterCode).build();
    List<IdentityInfo> out = new ArrayList<>();
    try (RocksIterator it = db.iterator(INDEX_CF)) {
      for (it.seek(start); it.isValid() && Keys.startsWith(it.key(), prefix) && out.size() < limit; it.next()) {
        byte[] k = it.key();
        if (Arrays.equals(k, start)) {
          continue;
        }
        String code = new String(k, prefix.length, k.length - prefix.length - 1, StandardCharsets.UTF_8);
        current(code).ifPresent(out::add);
      }
    }
    return out;
  }

  /** Number of persons with a record (removed ones included, retired codes not). */
  public long count() {
    byte[] v = db.get(INDEX_CF, COUNT_KEY);
    return v == null ? 0 : Keys.readU64(v, 0);
  }

  /**
   * Internal (開示 only): the current code of the person whose old, retired code this is, following
   * successive changes; empty when the code was never retired.
   */
  public Optional<String> retiredCodeSuccessor(String oldCode) {
    String code = oldCode;
    for (int hops = 0; hops < 1000; hops++) {
      byte[] next = db.get(INDEX_CF, retiredKey(code));
      if (next == null) {
        return code.equals(oldCode) ? Optional.empty() : Optional.of(code);
      }
      code = new String(next, StandardCharsets.UTF_8);
    }
    throw new StoreException(db.nodeName() + ": retired 住民票コード chain from " + oldCode + " does not end");
  }

  /**
   * Writer only (inside a commit): the person's current code as staged so far, following
   * retired codes through this batch's 住民票コード変更 too; {@code code} itself when it was never
   * retired.
   */
  public String stagedCode(String code) {
    db.requireWriter("IdentityRegistry.stagedCode");
    return stagedResolve(code);
  }

  /**
   * Writer only (inside a commit, after {@link #apply} into {@code batch}): the person's whole
   * history in replay order, this batch's changes included, under its current code.
   */
  public List<IdentityChange> stagedHistory(WriteBatch batch, String code) {
    db.requireWriter("IdentityRegistry.stagedHistory");
    if (batch != overlayBatch) {
      return history(stagedResolve(code));
    }
    String current = stagedResolve(code);
    Person p = load(current, null);
    return new ArrayList<>(p.history.values());
  }

  // --- replay --------------------------------------------------------------------------------

  static IdentityInfo replay(String code, Collection<IdentityChange> sortedHistory, LocalDate asOf) {
    IdentityInfo rec = null;
    for (IdentityChange ch : sortedHistory) {
      if (asOf != null && IsoDates.parse(ch.getReasonDate()).isAfter(asOf)) {
        break;
      }
      rec = step(rec, ch);
    }
    return withCode(rec, code);
  }

  /**
   * One replay step. It reads only the municipality and removed flag of {@code rec}, so the
   * stored current record (whose code may have been rewritten) is as good as the replay state.
   */
  static IdentityInfo step(IdentityInfo rec, IdentityChange ch) {
    String source = ch.getSourceMunicipality();
    return switch (ch.getOperation()) {
      case CHANGE_OPERATION_RECORD -> ch.getIdentity().toBuilder().setMunicipalityCode(source).setRemoved(false).build();
      case CHANGE_OPERATION_REMOVE -> rec != null && rec.getMunicipalityCode().equals(source)
          ? ch.getIdentity().toBuilder().setMunicipalityCode(source).setRemoved(true).build()
          : rec;
      case CHANGE_OPERATION_AMEND -> rec != null && rec.getMunicipalityCode().equals(source)
          ? ch.getIdentity().toBuilder().setMunicipalityCode(source).setRemoved(rec.getRemoved()).build()
          : rec;
      default -> throw new IllegalStateException("unexpected operation " + ch.getOperation());
    };
  }

  private static IdentityInfo withCode(IdentityInfo rec, String code) {
    return rec == null || rec.getJuminhyoCode().equals(code) ? rec : rec.toBuilder().setJuminhyoCode(code).build();
  }

  // --- staging helpers -------------------------------------------------------------------------

  /**
   * A person as staged in this batch: the current record, the latest sort key of the history,
   * and the history, which holds only this batch's changes until {@link #ensureHistory} reads
   * the stored part (needed only for a change that sorts before the latest, and for 住民票コード変更).
   */
  private static final class Person {
    final TreeMap<byte[], IdentityChange> history = new TreeMap<>(Arrays::compareUnsigned);
    boolean historyComplete;
    IdentityInfo current;
    byte[] last;

    void ensureHistory(IdentityRegistry r, String code) {
      if (!historyComplete) {
        TreeMap<byte[], IdentityChange> stored = r.readHistory(code);
        stored.putAll(history);
        history.clear();
        history.putAll(stored);
        historyComplete = true;
      }
    }
  }

  /**
   * The staged person. With {@code sortKey} given, the stored history is not read when the change
   * sorts after its latest entry (the common case: a new person, or a change newer than the rest).
   */
  private Person load(String code, byte[] sortKey) {
    Person p = overlay.get(code);
    if (p == null) {
      p = new Person();
      p.last = db.get(INDEX_CF, lastKey(code));
      if (p.last == null) {
        p.historyComplete = true; // no history, so no record either
      } else {
        p.current = current(code).orElse(null);
      }
      overlay.put(code, p);
    }
    if (sortKey == null || (p.last != null && Arrays.compareUnsigned(sortKey, p.last) <= 0)) {
      p.ensureHistory(this, code);
    }
    return p;
  }

  private void startBatch(WriteBatch batch) {
    // The previous batch's count carries over unless that batch fails (then re-read it).
    if (overlayCount != null) {
      cachedCount = overlayCount;
    }
    overlay.clear();
    overlayRetired.clear();
    overlayCount = null;
    overlayBatch = batch;
    db.onCommit(batch, new NodeDatabase.CommitListener() {
      @Override
      public void committed() {}

      @Override
      public void failed(Throwable cause) {
        // Runs on the writer before the next stager: forget everything staged by this batch.
        cachedCount = -1;
        overlay.clear();
        overlayRetired.clear();
        overlayCount = null;
        overlayBatch = null;
      }
    });
  }

  private String stagedResolve(String code) {
    String c = code;
    for (int hops = 0; hops < 1000; hops++) {
      String next = overlayRetired.get(c);
      if (next == null && maybeRetired.contains(c)) {
        byte[] v = db.get(INDEX_CF, retiredKey(c));
        next = v == null ? null : new String(v, StandardCharsets.UTF_8);
      }
      if (next == null) {
        return c;
      }
      c = next;
    }
    throw new StoreException(db.nodeName() + ": retired 住民票コード chain from " + code + " does not end");
  }

  private long stagedCount() {
    if (overlayCount != null) {
      return overlayCount;
    }
    if (cachedCount < 0) {
      cachedCount = count();
    }
    return cachedCount;
  }

  private TreeMap<byte[], IdentityChange> readHistory(String code) {
    TreeMap<byte[], IdentityChange> out = new TreeMap<>(Arrays::compareUnsigned);
    byte[] prefix = Keys.empty().str(code).build();
    try (RocksIterator it = db.iterator(HISTORY_CF)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        out.put(Arrays.copyOfRange(k, prefix.length, k.length), parseChange(it.value()));
      }
    }
    return out;
  }

  private void addIndexes(WriteBatch batch, IdentityInfo info) throws RocksDBException {
    byte[] code = utf8(info.getJuminhyoCode());
    if (!info.getIndividualNumber().isEmpty()) {
      batch.put(db.cf(INDEX_CF), Keys.of('N').str(info.getIndividualNumber()).build(), code);
    }
    batch.put(db.cf(INDEX_CF), fourItemsKey(info), new byte[0]);
    if (!info.getRemoved()) {
      batch.put(db.cf(INDEX_CF), municipalityKey(info), new byte[0]);
    }
  }

  private void removeIndexes(WriteBatch batch, IdentityInfo info) throws RocksDBException {
    if (!info.getIndividualNumber().isEmpty()) {
      batch.delete(db.cf(INDEX_CF), Keys.of('N').str(info.getIndividualNumber()).build());
    }
    batch.delete(db.cf(INDEX_CF), fourItemsKey(info));
    batch.delete(db.cf(INDEX_CF), municipalityKey(info));
  }

  private static byte[] fourItemsKey(IdentityInfo info) {
    return Keys.of('F').str(normalizeName(info.getFourItems().getName())).str(info.getFourItems().getBirthDate())
        .str(info.getJuminhyoCode()).build();
  }

  private static byte[] municipalityKey(IdentityInfo info) {
    return Keys.of('M').str(info.getMunicipalityCode()).str(info.getJuminhyoCode()).build();
  }

  /** The latest sort key of the person's history (absent: no history). */
  private static byte[] lastKey(String code) {
    return Keys.of('L').str(code).build();
  }

  private static byte[] retiredKey(String oldCode) {
    return Keys.of('R').str(oldCode).build();
  }

  private static byte[] historyKey(String code, byte[] sortKey) {
    byte[] prefix = Keys.empty().str(code).build();
    byte[] k = Arrays.copyOf(prefix, prefix.length + sortKey.length);
    System.arraycopy(sortKey, 0, k, prefix.length, sortKey.length);
    return k;
  }

  /** (reason_date, recorded_at, source, sequence): the replay order. */
  static byte[] sortKey(IdentityChange c) {
    return Keys.empty().str(c.getReasonDate()).u64(c.getRecordedAtMillis()).str(c.getSourceMunicipality())
        .u64(c.getSequence()).build();
  }

  /**
   * Throws IllegalArgumentException naming the field when {@code c} cannot be applied: no source
   * or sequence, no operation or 異動事由, a reason date that is not ISO-8601, no 住民票コード, or a
   * 住民票コード変更 that is not a 修正 or lacks a different previous code.
   */
  public static void validate(IdentityChange c) {
    String id = id(c);
    if (c.getSourceMunicipality().isBlank()) {
      throw new IllegalArgumentException("change " + id + ": source_municipality is empty");
    }
    if (c.getSequence() < 1) {
      throw new IllegalArgumentException("change " + id + ": sequence must be at least 1");
    }
    if (c.getOperation() == ChangeOperation.CHANGE_OPERATION_UNSPECIFIED
        || c.getOperation() == ChangeOperation.UNRECOGNIZED) {
      throw new IllegalArgumentException("change " + id + ": operation " + c.getOperation() + " is not 記載, 消除 or 修正");
    }
    if (c.getReason() == ChangeReason.CHANGE_REASON_UNSPECIFIED || c.getReason() == ChangeReason.UNRECOGNIZED) {
      throw new IllegalArgumentException("change " + id + ": reason " + c.getReason() + " is not a 異動事由");
    }
    try {
      IsoDates.parse(c.getReasonDate());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "change " + id + ": reason_date '" + c.getReasonDate() + "' is not an ISO-8601 date (2020-04-01)");
    }
    if (!c.hasIdentity() || c.getIdentity().getJuminhyoCode().isBlank()) {
      throw new IllegalArgumentException("change " + id + ": identity.juminhyo_code is empty");
    }
    if (c.getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE) {
      if (c.getOperation() != ChangeOperation.CHANGE_OPERATION_AMEND) {
        throw new IllegalArgumentException("change " + id + ": 住民票コード変更 must be a 修正, not " + c.getOperation());
      }
      if (c.getPreviousJuminhyoCode().isBlank() || c.getPreviousJuminhyoCode().equals(c.getIdentity().getJuminhyoCode())) {
        throw new IllegalArgumentException("change " + id + ": 住民票コード変更 needs previous_juminhyo_code '"
            + c.getPreviousJuminhyoCode() + "' different from the new code");
      }
    }
  }

  static String id(IdentityChange c) {
    return c.getSourceMunicipality() + "#" + c.getSequence();
  }

  private IdentityInfo parseInfo(byte[] v) {
    try {
      return IdentityInfo.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(db.nodeName() + ": unreadable identity record: " + e.getMessage(), e);
    }
  }

  private IdentityChange parseChange(byte[] v) {
    try {
      return IdentityChange.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(db.nodeName() + ": unreadable change record: " + e.getMessage(), e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
