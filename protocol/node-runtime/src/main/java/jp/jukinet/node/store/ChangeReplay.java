package jp.jukinet.node.store;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeMap;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.wire.PeerText;

/**
 * The convergence rule of 本人確認情報, without storage: a person's current record is the replay of their
 * history sorted by {@link #sortKey} {@code (reason_date, recorded_at, source, sequence)}, starting
 * from "no record", so it is the same whatever order changes from different municipalities arrive
 * in.
 *
 * <ul>
 *   <li>記載 from municipality X sets the record to the change's 本人確認情報, registered in X;
 *   <li>消除 from X applies only if the record is currently registered in X: it takes the last values
 *       and marks the record removed;
 *   <li>修正 from X applies only if the record is currently registered in X: it takes the new values
 *       and keeps the removed flag.
 * </ul>
 *
 * So a 転出 消除 or 転出確定 from the old municipality never deletes a person the new municipality has
 * already recorded by 転入 (with a reason date not earlier), whichever arrives first. {@link Person}
 * applies the rule incrementally, as {@link IdentityRegistry} does per person: one {@link #step}
 * for a change that sorts after the rest, a full {@link #replay} otherwise.
 */
public final class ChangeReplay {
  private ChangeReplay() {}

  /**
   * The record after replaying {@code sortedHistory} (only changes dated up to {@code asOf}, if
   * given), under {@code code}.
   */
  public static IdentityInfo replay(
      String code, Collection<IdentityChange> sortedHistory, LocalDate asOf) {
    IdentityInfo rec = null;
    for (IdentityChange ch : sortedHistory) {
      if (asOf != null && IsoDates.parse(ch.getReasonDate()).isAfter(asOf)) {
        break;
      }
      rec = step(rec, ch);
    }
    return withCode(rec, code);
  }

  /** The record of a history given in any order: sorted, then replayed. */
  public static IdentityInfo converge(String code, Collection<IdentityChange> history) {
    TreeMap<byte[], IdentityChange> sorted = new TreeMap<>(Arrays::compareUnsigned);
    history.forEach(c -> sorted.put(sortKey(c), c));
    return replay(code, sorted.values(), null);
  }

  /**
   * One replay step. It reads only the municipality and removed flag of {@code rec}, so the stored
   * current record (whose code may have been rewritten) is as good as the replay state.
   */
  public static IdentityInfo step(IdentityInfo rec, IdentityChange ch) {
    String source = ch.getSourceMunicipality();
    return switch (ch.getOperation()) {
      case CHANGE_OPERATION_RECORD ->
          ch.getIdentity().toBuilder().setMunicipalityCode(source).setRemoved(false).build();
      case CHANGE_OPERATION_REMOVE ->
          rec != null && rec.getMunicipalityCode().equals(source)
              ? ch.getIdentity().toBuilder().setMunicipalityCode(source).setRemoved(true).build()
              : rec;
      case CHANGE_OPERATION_AMEND ->
          rec != null && rec.getMunicipalityCode().equals(source)
              ? ch.getIdentity().toBuilder()
                  .setMunicipalityCode(source)
                  .setRemoved(rec.getRemoved())
                  .build()
              : rec;
      default -> throw new IllegalStateException("unexpected operation " + ch.getOperation());
    };
  }

  /** {@code rec} under {@code code} (the person's current 住民票コード); null stays null. */
  public static IdentityInfo withCode(IdentityInfo rec, String code) {
    return rec == null || rec.getJuminhyoCode().equals(code)
        ? rec
        : rec.toBuilder().setJuminhyoCode(code).build();
  }

  /**
   * (reason_date, recorded_at, source, sequence): the replay order, as bytes that sort unsigned.
   */
  public static byte[] sortKey(IdentityChange c) {
    return Keys.empty()
        .str(c.getReasonDate())
        .u64(c.getRecordedAtMillis())
        .str(c.getSourceMunicipality())
        .u64(c.getSequence())
        .build();
  }

  /**
   * Throws IllegalArgumentException naming the field when {@code c} cannot be applied: no source or
   * sequence, no operation or 異動事由, a reason date that is not ISO-8601, no 住民票コード, or a 住民票コード変更
   * that is not a 修正 or lacks a different previous code.
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
      throw new IllegalArgumentException(
          "change " + id + ": operation " + c.getOperation() + " is not 記載, 消除 or 修正");
    }
    if (c.getReason() == ChangeReason.CHANGE_REASON_UNSPECIFIED
        || c.getReason() == ChangeReason.UNRECOGNIZED) {
      throw new IllegalArgumentException(
          "change " + id + ": reason " + c.getReason() + " is not a 異動事由");
    }
    try {
      IsoDates.parse(c.getReasonDate());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "change "
              + id
              + ": reason_date "
              + PeerText.quoteSingle(c.getReasonDate())
              + " is not an ISO-8601 date (2020-04-01)");
    }
    if (!c.hasIdentity() || c.getIdentity().getJuminhyoCode().isBlank()) {
      throw new IllegalArgumentException("change " + id + ": identity.juminhyo_code is empty");
    }
    if (c.getReason() == ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE) {
      if (c.getOperation() != ChangeOperation.CHANGE_OPERATION_AMEND) {
        throw new IllegalArgumentException(
            "change " + id + ": 住民票コード変更 must be a 修正, not " + c.getOperation());
      }
      if (c.getPreviousJuminhyoCode().isBlank()
          || c.getPreviousJuminhyoCode().equals(c.getIdentity().getJuminhyoCode())) {
        throw new IllegalArgumentException(
            "change "
                + id
                + ": 住民票コード変更 needs previous_juminhyo_code '"
                + c.getPreviousJuminhyoCode()
                + "' different from the new code");
      }
    }
  }

  /** {@code source#sequence}, how logs and refusals name a change. */
  public static String id(IdentityChange c) {
    return c.getSourceMunicipality() + "#" + c.getSequence();
  }

  /** True when a change with {@code sortKey} sorts after {@code last} (null: an empty history). */
  static boolean sortsLast(byte[] sortKey, byte[] last) {
    return last == null || Arrays.compareUnsigned(sortKey, last) > 0;
  }

  /**
   * One person's history and record in memory, applied as changes arrive (the etcd {@code Step}
   * shape: state plus one message gives the next state). 住民票コード変更 is the registry's (it moves
   * histories between codes), not this rule's.
   */
  public static final class Person {
    private final String code;
    private final TreeMap<byte[], IdentityChange> history = new TreeMap<>(Arrays::compareUnsigned);
    private IdentityInfo current;

    public Person(String code) {
      this.code = Objects.requireNonNull(code, "code");
    }

    /** Applies one arrived change and returns the record after it. */
    public IdentityInfo arrive(IdentityChange change) {
      validate(change);
      byte[] key = sortKey(change);
      boolean last = sortsLast(key, history.isEmpty() ? null : history.lastKey());
      history.put(key, change);
      current = last ? withCode(step(current, change), code) : replay(code, history.values(), null);
      return current;
    }

    public IdentityInfo current() {
      return current;
    }
  }
}
