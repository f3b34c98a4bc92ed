package jp.jukinet.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;

/**
 * 本人確認情報 with its full history of 変更情報, as the prefecture and national servers hold it (and the CS
 * for its own residents): per person every change ever applied, the current record, and indexes by
 * 個人番号, 4情報 (name + birth date) and municipality.
 *
 * <h2>Convergence rule</h2>
 *
 * The current record is a pure function of the person's history ({@link ChangeReplay}), so it is
 * the same whatever order changes from different municipalities arrive in. The record's {@code
 * juminhyo_code} is always the person's current code. Keys: {@link RegistryKeys}.
 *
 * <h2>住民票コード変更</h2>
 *
 * A change with reason {@link ChangeReason#CHANGE_REASON_JUMINHYO_CODE_CHANGE} (new code in {@code
 * identity}, old one in {@code previous_juminhyo_code}) moves the person's whole history to the new
 * code and retires the old one: it no longer resolves in {@link #current}, {@link #asOf}, {@link
 * #history} or any index. Only {@link #retiredCodeSuccessor} (for 開示) still maps it to the person.
 * Changes that later arrive under a retired code are filed under its successor.
 *
 * <h2>Threading</h2>
 *
 * {@link #apply} reads the person's state, so it must run inside {@link
 * NodeDatabase#commit(NodeDatabase.Stager)}; several changes of the same person may be applied in
 * one {@link Txn}, which holds what it staged so far. Lookups may be called from any thread and
 * read the database.
 */
public final class IdentityRegistry {
  /** Per 住民票コード the person's record and history ({@link PersonValue}). */
  public static final String PERSON_CF = "registry_person";

  public static final String INDEX_CF = "registry_index";
  public static final List<String> COLUMN_FAMILIES = List.of(PERSON_CF, INDEX_CF);

  private final NodeDatabase db;
  private final boolean counted;
  // Every code that may be retired (a superset: a staged code change that then failed stays in),
  // so the staging path reads the database only for those instead of once per change.
  private final Set<String> maybeRetired = ConcurrentHashMap.newKeySet();
  // The count as of the last transaction staged (writer only; -1: read it from the database).
  private long cachedCount = -1;
  // What a transaction staged so far: everything earlier is in the database.
  private final Txn.Key<Staging> staging = Txn.key("registry staging", this::startStaging);

  public IdentityRegistry(NodeDatabase db) {
    this(db, true);
  }

  /**
   * A registry that does not keep {@link #count} (one key less per change): for the CS, which
   * counts its residents itself.
   */
  public static IdentityRegistry uncounted(NodeDatabase db) {
    return new IdentityRegistry(db, false);
  }

  private IdentityRegistry(NodeDatabase db, boolean counted) {
    this.db = Objects.requireNonNull(db, "db");
    this.counted = counted;
    byte[] prefix = RegistryKeys.RETIRED_PREFIX;
    try (StoreIterator it = db.iterator(INDEX_CF)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        maybeRetired.add(RegistryKeys.retiredCode(it.key()));
      }
    }
  }

  /** Stages the change and every update it causes into {@code txn} (see the class comment). */
  public void apply(Txn txn, IdentityChange change) {
    apply(txn, change, null);
  }

  /**
   * As {@link #apply(Txn, IdentityChange)}, with {@code encoded} the change's bytes ({@code
   * change.toByteArray()}) when the caller has them already (it also appends the change to an
   * outbox), so they are computed once per hop; null: encode here.
   */
  public void apply(Txn txn, IdentityChange change, byte[] encoded) {
    txn.requireStaging("IdentityRegistry.apply");
    ChangeReplay.validate(change);
    Staging st = txn.attachment(staging);
    String code = st.resolve(change.getIdentity().getJuminhyoCode());
    byte[] sortKey = ChangeReplay.sortKey(change);
    boolean codeChange = change.getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE;
    Person person = st.load(code, codeChange ? null : sortKey);
    long count = counted ? st.count() : 0;
    if (codeChange) {
      count -= retire(txn, st, st.resolve(change.getPreviousJuminhyoCode()), code, person);
    }
    person.add(sortKey, change, encoded != null ? encoded : change.toByteArray());
    IdentityInfo before = person.current;
    IdentityInfo after;
    boolean latest = ChangeReplay.sortsLast(sortKey, person.last);
    if (latest && !codeChange) {
      // The change sorts after everything the person has: replaying the history is the
      // record so far (person.current) followed by this change.
      after = ChangeReplay.withCode(ChangeReplay.step(before, change), code);
    } else {
      person.ensureHistory(this);
      after = ChangeReplay.replay(code, person.history.values(), null);
    }
    if (latest) {
      person.last = sortKey;
    }
    boolean changed = !Objects.equals(before, after);
    if (changed) {
      if (before != null) {
        removeIndexes(txn, before);
      }
      if (after != null) {
        addIndexes(txn, after);
      }
      person.current = after;
    }
    txn.put(PERSON_CF, utf8(code), person.encode());
    if (before == null && after != null) {
      count++;
    } else if (before != null && after == null) {
      count--;
    }
    if (counted && count != st.count()) {
      st.count = count;
      cachedCount = count;
    }
  }

  /**
   * 住民票コード変更: moves the history of {@code old} to {@code code} and retires {@code old}; returns how
   * many records left the count (1 when {@code old} had one, else 0).
   */
  private int retire(Txn txn, Staging st, String old, String code, Person person) {
    if (old.equals(code)) {
      return 0;
    }
    Person oldPerson = st.load(old, null);
    if (oldPerson.last != null
        && (person.last == null || Arrays.compareUnsigned(oldPerson.last, person.last) > 0)) {
      person.last = oldPerson.last;
    }
    txn.delete(PERSON_CF, utf8(old));
    oldPerson.last = null;
    for (Map.Entry<byte[], IdentityChange> e : oldPerson.history.entrySet()) {
      person.add(e.getKey(), e.getValue(), oldPerson.encoded.get(e.getKey()));
    }
    int removed = 0;
    if (oldPerson.current != null) {
      removeIndexes(txn, oldPerson.current);
      removed = 1;
    }
    oldPerson.history.clear();
    oldPerson.encoded.clear();
    oldPerson.current = null;
    txn.put(INDEX_CF, RegistryKeys.retired(old), utf8(code));
    st.retired.put(old, code);
    maybeRetired.add(old);
    return removed;
  }

  private void addIndexes(Txn txn, IdentityInfo info) {
    byte[] code = utf8(info.getJuminhyoCode());
    if (!info.getIndividualNumber().isEmpty()) {
      txn.put(INDEX_CF, RegistryKeys.individualNumber(info.getIndividualNumber()), code);
    }
    txn.put(INDEX_CF, RegistryKeys.fourItems(info), new byte[0]);
    if (!info.getRemoved()) {
      txn.put(INDEX_CF, RegistryKeys.municipality(info), new byte[0]);
    }
  }

  private void removeIndexes(Txn txn, IdentityInfo info) {
    if (!info.getIndividualNumber().isEmpty()) {
      txn.delete(INDEX_CF, RegistryKeys.individualNumber(info.getIndividualNumber()));
    }
    txn.delete(INDEX_CF, RegistryKeys.fourItems(info));
    txn.delete(INDEX_CF, RegistryKeys.municipality(info));
  }

  /** The current record (possibly marked removed), or empty for an unknown or retired code. */
  public Optional<IdentityInfo> current(String juminhyoCode) {
    return Optional.ofNullable(record(db.get(PERSON_CF, utf8(juminhyoCode))));
  }

  /** The record in a {@link PersonValue}; null for none (or no value). */
  private IdentityInfo record(byte[] value) {
    if (value == null || !PersonValue.hasRecord(value)) {
      return null;
    }
    try {
      return IdentityInfo.parser()
          .parseFrom(value, PersonValue.recordOffset(value), PersonValue.recordLength(value));
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(
          db.nodeName() + ": unreadable identity record: " + e.getMessage(), e);
    }
  }

  public Optional<IdentityInfo> byIndividualNumber(String individualNumber) {
    byte[] code = db.get(INDEX_CF, RegistryKeys.individualNumber(individualNumber));
    if (code == null) {
      return Optional.empty();
    }
    return current(new String(code, StandardCharsets.UTF_8))
        .filter(info -> info.getIndividualNumber().equals(individualNumber));
  }

  /** Every person whose normalised name and birth date match, in 住民票コード order. */
  public List<IdentityInfo> byFourItems(String name, String birthDate) {
    byte[] prefix = RegistryKeys.fourItemsPrefix(name, birthDate);
    List<IdentityInfo> out = new ArrayList<>();
    try (StoreIterator it = db.iterator(INDEX_CF)) {
      for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        String code = RegistryKeys.codeAfter(k, prefix);
        current(code).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The person's changes in replay order; empty for an unknown or retired code. */
  public List<IdentityChange> history(String juminhyoCode) {
    return readHistory(juminhyoCode);
  }

  /** The record as of the end of {@code date} (replaying changes with reason date ≤ date). */
  public Optional<IdentityInfo> asOf(String juminhyoCode, LocalDate date) {
    Objects.requireNonNull(date, "date");
    return Optional.ofNullable(ChangeReplay.replay(juminhyoCode, readHistory(juminhyoCode), date));
  }

  /**
   * Records currently registered (not removed) in {@code municipality}, in 住民票コード order, starting
   * after {@code afterCode} (null or empty: from the start), at most {@code limit}.
   */
  public List<IdentityInfo> listRecords(String municipality, String afterCode, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    byte[] prefix = RegistryKeys.municipalityPrefix(municipality);
    byte[] start =
        afterCode == null || afterCode.isEmpty()
            ? prefix
            : RegistryKeys.municipality(municipality, afterCode);
    List<IdentityInfo> out = new ArrayList<>();
    try (StoreIterator it = db.iterator(INDEX_CF)) {
      for (it.seek(start);
          it.isValid() && Keys.startsWith(it.key(), prefix) && out.size() < limit;
          it.next()) {
        byte[] k = it.key();
        if (Arrays.equals(k, start)) {
          continue;
        }
        String code = RegistryKeys.codeAfter(k, prefix);
        current(code).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Number of persons with a record (removed ones included, retired codes not); throws on a
   * registry opened {@link #uncounted}.
   */
  public long count() {
    if (!counted) {
      throw new IllegalStateException(db.nodeName() + ": this registry does not count its records");
    }
    byte[] v = db.get(INDEX_CF, RegistryKeys.COUNT);
    return v == null ? 0 : Keys.readU64(v, 0);
  }

  /**
   * Internal (開示 only): the current code of the person whose old, retired code this is, following
   * successive changes; empty when the code was never retired.
   */
  public Optional<String> retiredCodeSuccessor(String oldCode) {
    String code = oldCode;
    for (int hops = 0; hops < 1000; hops++) {
      byte[] next = db.get(INDEX_CF, RegistryKeys.retired(code));
      if (next == null) {
        return code.equals(oldCode) ? Optional.empty() : Optional.of(code);
      }
      code = new String(next, StandardCharsets.UTF_8);
    }
    throw new StoreException(
        db.nodeName() + ": retired 住民票コード chain from " + oldCode + " does not end");
  }

  /**
   * Writer only (inside a commit): the person's current code as staged so far, following retired
   * codes through this batch's 住民票コード変更 too; {@code code} itself when it was never retired.
   */
  public String stagedCode(Txn txn, String code) {
    txn.requireStaging("IdentityRegistry.stagedCode");
    return txn.attachment(staging).resolve(code);
  }

  /**
   * Writer only (inside a commit, after {@link #apply} into {@code txn}): the person's whole
   * history in replay order, this transaction's changes included, under its current code.
   */
  public List<IdentityChange> stagedHistory(Txn txn, String code) {
    txn.requireStaging("IdentityRegistry.stagedHistory");
    Staging st = txn.attachment(staging);
    return new ArrayList<>(st.load(st.resolve(code), null).history.values());
  }

  // --- staging helpers -------------------------------------------------------------------------

  /**
   * A person as staged in this batch: the current record, the latest sort key of the history, and
   * the history (parsed, and encoded), which holds only this batch's changes, all sorting after the
   * stored ones, until {@link #ensureHistory} parses the stored part (needed only for a change that
   * sorts before the latest, and for 住民票コード変更).
   */
  private static final class Person {
    final TreeMap<byte[], IdentityChange> history = new TreeMap<>(Arrays::compareUnsigned);
    final TreeMap<byte[], byte[]> encoded = new TreeMap<>(Arrays::compareUnsigned);
    // The stored value while its history is not parsed into history (null: nothing stored).
    byte[] stored;
    boolean historyComplete;
    IdentityInfo current;
    byte[] last;

    void add(byte[] sortKey, IdentityChange change, byte[] bytes) {
      history.put(sortKey, change);
      encoded.put(sortKey, bytes);
    }

    void ensureHistory(IdentityRegistry r) {
      if (!historyComplete) {
        if (stored != null) {
          r.parseHistory(stored, this::add);
        }
        stored = null;
        historyComplete = true;
      }
    }

    /** The person's value: the stored history (if not parsed) followed by the staged changes. */
    byte[] encode() {
      return PersonValue.encode(last, current, stored, new ArrayList<>(encoded.values()));
    }
  }

  private Staging startStaging(Txn txn) {
    // Runs on the writer before the next stager: forget the count this transaction staged.
    txn.onAborted(cause -> cachedCount = -1);
    Staging st = new Staging();
    if (counted) {
      // Once per transaction, with its final value: a batch of changes moves it many times.
      txn.beforeWrite(
          () -> {
            if (st.count != null) {
              txn.put(INDEX_CF, RegistryKeys.COUNT, Keys.longValue(st.count));
            }
          });
    }
    return st;
  }

  /** What one transaction staged so far: its persons, the codes it retired, and the count. */
  private final class Staging {
    final Map<String, Person> persons = new HashMap<>();
    final Map<String, String> retired = new HashMap<>();
    Long count;

    /**
     * The staged person. With {@code sortKey} given, the stored history is not read when the change
     * sorts after its latest entry (the common case: a new person, or a change newer than the
     * rest).
     */
    Person load(String code, byte[] sortKey) {
      Person p = persons.get(code);
      if (p == null) {
        p = new Person();
        byte[] v = db.get(PERSON_CF, utf8(code));
        if (v == null) {
          p.historyComplete = true; // no history, so no record either
        } else {
          p.stored = v;
          p.last = PersonValue.lastSortKey(v);
          p.current = record(v);
        }
        persons.put(code, p);
      }
      if (sortKey == null || (p.last != null && Arrays.compareUnsigned(sortKey, p.last) <= 0)) {
        p.ensureHistory(IdentityRegistry.this);
      }
      return p;
    }

    /** The current code of {@code code}, following retired codes, this transaction's included. */
    String resolve(String code) {
      String c = code;
      for (int hops = 0; hops < 1000; hops++) {
        String next = retired.get(c);
        if (next == null && maybeRetired.contains(c)) {
          byte[] v = db.get(INDEX_CF, RegistryKeys.retired(c));
          next = v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
        if (next == null) {
          return c;
        }
        c = next;
      }
      throw new StoreException(
          db.nodeName() + ": retired 住民票コード chain from " + code + " does not end");
    }

    long count() {
      if (count != null) {
        return count;
      }
      if (cachedCount < 0) {
        cachedCount = IdentityRegistry.this.count();
      }
      return cachedCount;
    }
  }

  /** A history entry: its sort key, the change, and the change's encoding. */
  @FunctionalInterface
  private interface HistoryEntry {
    void accept(byte[] sortKey, IdentityChange change, byte[] encoded);
  }

  /** The stored history of {@code code} in replay order (empty: none). */
  private List<IdentityChange> readHistory(String code) {
    byte[] v = db.get(PERSON_CF, utf8(code));
    List<IdentityChange> out = new ArrayList<>();
    if (v != null) {
      parseHistory(v, (sortKey, change, encoded) -> out.add(change));
    }
    return out;
  }

  private void parseHistory(byte[] value, HistoryEntry entry) {
    PersonValue.forEachChange(
        value,
        (offset, length) -> {
          byte[] encoded = Arrays.copyOfRange(value, offset, offset + length);
          IdentityChange change;
          try {
            change = IdentityChange.parseFrom(encoded);
          } catch (InvalidProtocolBufferException e) {
            throw new StoreException(
                db.nodeName() + ": unreadable change record: " + e.getMessage(), e);
          }
          entry.accept(ChangeReplay.sortKey(change), change, encoded);
        });
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
