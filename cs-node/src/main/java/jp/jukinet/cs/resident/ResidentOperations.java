package jp.jukinet.cs.resident;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.cs.store.MoveOutKind;
import jp.jukinet.cs.store.ResidentRecord;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.labels.ChangeNames;
import jp.jukinet.protocol.proto.Amend;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.BulkRecordRequest;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.ExOfficioRecord;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveInFromAbroad;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.MoveOutAbroad;
import jp.jukinet.protocol.proto.MoveWithin;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.protocol.proto.SpecialMoveOut;
import jp.jukinet.protocol.proto.TransferCertificateResponse;

/**
 * The resident operations of one CS, as its operators file them (出生, 転入, 転出, 特例転出/特例転入, 転居,
 * 氏名変更/職権修正, 死亡, 職権消除, 住民票コード変更). What routed messages from other CSs cause here is {@link
 * RoutedEffects}.
 *
 * <p>{@link #apply} runs inside {@link CsStore#commit}: it checks the request against the current
 * state and, only if everything is right, stages the new 本人確認情報, the 住民票 items, one {@link
 * IdentityChange} (to the outbox), any 転入通知, and the operation-log line. A refused request throws
 * {@link OperationRefusedException} before anything is staged, so it changes nothing.
 */
public final class ResidentOperations {
  /** 特例転入 is possible until 30 days after the planned move date (docs/design.md §3.8). */
  public static final int SPECIAL_MOVE_IN_DAYS = 30;

  /**
   * A 転出届 (and a 特例転出) is accepted from this many days before the planned move date to this many
   * days after it (docs/design.md §3.8), counted from the filing date (届出年月日: the request's
   * notification_date, or today on this CS's clock).
   */
  public static final int MOVE_OUT_FILING_DAYS = 14;

  /** Records a {@link BulkRecordRequest} may carry (docs/protocol.md §7.8). */
  public static final int MAX_BULK_RECORDS = 1000;

  /** What an operation produced. */
  public record Outcome(IdentityInfo identity, IdentityChange change) {}

  private final LocalGovernmentCode self;
  private final Clock clock;

  public ResidentOperations(LocalGovernmentCode self, Clock clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public LocalDate today() {
    return IsoDates.today(clock);
  }

  /**
   * Checks what can be checked without the store (form of every field), so a 特例転入 is refused before
   * the 転出証明書情報 is asked for. Returns the previous municipality of a 特例転入.
   */
  public Optional<LocalGovernmentCode> checkForm(ResidentOperationRequest r) {
    LocalDate today = today();
    Fields.date("reason_date", r.getReasonDate(), today);
    Fields.date("notification_date", r.getNotificationDate(), today);
    if (r.getOperationCase() == ResidentOperationRequest.OperationCase.OPERATION_NOT_SET) {
      throw OperationRefusedException.invalid("the request names no operation (出生, 転入, 転出, …)");
    }
    if (r.hasSpecialMoveIn()) {
      SpecialMoveIn s = r.getSpecialMoveIn();
      Fields.juminhyoCode("special_move_in.previous_juminhyo_code", s.getPreviousJuminhyoCode());
      LocalGovernmentCode from =
          Fields.municipality("special_move_in.previous_municipality", s.getPreviousMunicipality());
      if (from.equals(self)) {
        throw OperationRefusedException.invalid(
            "special_move_in.previous_municipality "
                + from
                + " is this municipality: 特例転入 is a move between municipalities (use 転居)");
      }
      Fields.nonBlank("special_move_in.new_address", s.getNewAddress());
      if (!s.getCardPin().matches("[0-9]{4}")) {
        throw OperationRefusedException.invalid(
            "special_move_in.card_pin must be the card's 4-digit 暗証番号");
      }
      return Optional.of(from);
    }
    return Optional.empty();
  }

  /**
   * Checks against the store and stages an operation whose form {@link #checkForm} accepted (once,
   * before the commit). For a 特例転入, {@code certificate} is the old municipality's answer to the
   * 転出証明書情報 request (null otherwise).
   */
  public Outcome apply(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      String operatorId,
      TransferCertificateResponse certificate) {
    LocalDate today = today();
    LocalDate notified = Fields.date("notification_date", r.getNotificationDate(), today);
    txn.actFor(operatorId);
    Outcome o =
        switch (r.getOperationCase()) {
          case BIRTH -> birth(txn, r, r.getBirth(), notified, today);
          case MOVE_IN -> moveIn(txn, r, r.getMoveIn(), notified, today);
          case MOVE_IN_FROM_ABROAD ->
              moveInFromAbroad(txn, r, r.getMoveInFromAbroad(), notified, today);
          case EX_OFFICIO_RECORD ->
              exOfficioRecord(txn, r, r.getExOfficioRecord(), notified, today);
          case MOVE_OUT -> moveOut(txn, r.getMoveOut(), notified, false);
          case SPECIAL_MOVE_OUT -> {
            SpecialMoveOut s = r.getSpecialMoveOut();
            yield moveOut(
                txn,
                MoveOut.newBuilder()
                    .setJuminhyoCode(s.getJuminhyoCode())
                    .setPlannedDate(s.getPlannedDate())
                    .setDestinationMunicipality(s.getDestinationMunicipality())
                    .setDestinationAddress(s.getDestinationAddress())
                    .build(),
                notified,
                true);
          }
          case MOVE_OUT_ABROAD -> moveOutAbroad(txn, r.getMoveOutAbroad(), notified);
          case SPECIAL_MOVE_IN ->
              specialMoveIn(txn, r, r.getSpecialMoveIn(), certificate, notified, today);
          case MOVE_WITHIN -> moveWithin(txn, r, r.getMoveWithin(), notified, today);
          case AMEND -> amend(txn, r, r.getAmend(), notified, today);
          case DEATH ->
              remove(
                  txn,
                  r,
                  r.getDeath().getJuminhyoCode(),
                  "death",
                  ChangeReason.CHANGE_REASON_DEATH,
                  notified,
                  today);
          case EX_OFFICIO_REMOVAL ->
              remove(
                  txn,
                  r,
                  r.getExOfficioRemoval().getJuminhyoCode(),
                  "ex_officio_removal",
                  ChangeReason.CHANGE_REASON_EX_OFFICIO_REMOVAL,
                  notified,
                  today);
          case JUMINHYO_CODE_CHANGE ->
              codeChange(txn, r, r.getJuminhyoCodeChange().getJuminhyoCode(), notified, today);
          default ->
              throw new IllegalStateException(
                  "checkForm lets no " + r.getOperationCase() + " through");
        };
    txn.logRequest(operatorId, ChangeNames.request(r), masked(r), ChangeNames.describe(o.change()));
    return o;
  }

  // --- 職権記載 in bulk ---------------------------------------------------------------------------

  /**
   * Checks every record of a {@link BulkRecordRequest} before the commit, so that a malformed one
   * refuses the whole request (naming {@code records[i]}) before anything is staged.
   */
  public void checkBulk(BulkRecordRequest b) {
    LocalDate today = today();
    int n = b.getRecordsCount();
    if (n < 1 || n > MAX_BULK_RECORDS) {
      throw OperationRefusedException.invalid(
          "bulk_record_request.records holds "
              + n
              + " records, out of range 1.."
              + MAX_BULK_RECORDS);
    }
    Fields.date("bulk_record_request.reason_date", b.getReasonDate(), today);
    Fields.date("bulk_record_request.notification_date", b.getNotificationDate(), today);
    for (int i = 0; i < n; i++) {
      ExOfficioRecord e = b.getRecords(i);
      String field = "bulk_record_request.records[" + i + "]";
      Fields.fourItems(field + ".four_items", e.getFourItems(), today);
      Fields.kana(field + ".name_kana", e.getNameKana());
    }
  }

  /**
   * Stages every record of a request {@link #checkBulk} accepted, in order, each as the single 職権記載
   * would be (its own codes, change and operation-log line).
   */
  public List<Outcome> applyBulk(CsStore.Txn txn, BulkRecordRequest b, String operatorId) {
    LocalDate today = today();
    LocalDate reason = Fields.date("bulk_record_request.reason_date", b.getReasonDate(), today);
    LocalDate notified =
        Fields.date("bulk_record_request.notification_date", b.getNotificationDate(), today);
    txn.actFor(operatorId);
    List<Outcome> out = new ArrayList<>(b.getRecordsCount());
    for (int i = 0; i < b.getRecordsCount(); i++) {
      ExOfficioRecord e = b.getRecords(i);
      Outcome o =
          exOfficioRecord(
              txn, e, "bulk_record_request.records[" + i + "]", reason, notified, today);
      ResidentOperationRequest logged =
          ResidentOperationRequest.newBuilder()
              .setReasonDate(b.getReasonDate())
              .setNotificationDate(b.getNotificationDate())
              .setExOfficioRecord(e)
              .build();
      txn.logRequest(
          operatorId, ChangeNames.request(logged), logged, ChangeNames.describe(o.change()));
      out.add(o);
    }
    return out;
  }

  // --- 記載 ------------------------------------------------------------------------------------

  private Outcome birth(
      CsStore.Txn txn, ResidentOperationRequest r, Birth b, LocalDate notified, LocalDate today) {
    FourItems fi = Fields.fourItems("birth.four_items", b.getFourItems(), today);
    LocalDate reason =
        Fields.date("reason_date", r.getReasonDate(), IsoDates.parse(fi.getBirthDate()));
    Outcome o = newPerson(txn, fi, ChangeReason.CHANGE_REASON_BIRTH, reason, notified);
    txn.putResident(
        ResidentRecords.newResident(o.identity().getJuminhyoCode(), reason, notified)
            .setHeadOfHousehold(b.getHeadOfHousehold())
            .setRelationship(b.getRelationship())
            .build());
    txn.addResidents(1);
    return o;
  }

  /** 記載 of someone new to the network: codes drawn from this CS's slice, the change queued. */
  private Outcome newPerson(
      CsStore.Txn txn, FourItems fi, ChangeReason why, LocalDate reason, LocalDate notified) {
    CsStore.NewCodes codes = txn.allocateCodes();
    IdentityInfo info = info(codes.juminhyoCode().value(), codes.individualNumber().value(), fi);
    IdentityChange c =
        txn.recordChange(
            change(ChangeOperation.CHANGE_OPERATION_RECORD, why, reason, notified, info));
    return new Outcome(info, c);
  }

  /** 職権記載: someone who already lives here, recorded on the municipality's authority. */
  private Outcome exOfficioRecord(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      ExOfficioRecord e,
      LocalDate notified,
      LocalDate today) {
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    return exOfficioRecord(txn, e, "ex_officio_record", reason, notified, today);
  }

  private Outcome exOfficioRecord(
      CsStore.Txn txn,
      ExOfficioRecord e,
      String field,
      LocalDate reason,
      LocalDate notified,
      LocalDate today) {
    FourItems fi = Fields.fourItems(field + ".four_items", e.getFourItems(), today);
    String kana = Fields.kana(field + ".name_kana", e.getNameKana());
    Outcome o = newPerson(txn, fi, ChangeReason.CHANGE_REASON_EX_OFFICIO_RECORD, reason, notified);
    txn.putResident(
        ResidentRecords.newResident(o.identity().getJuminhyoCode(), reason, notified)
            .setNameKana(kana)
            .build());
    txn.addResidents(1);
    return o;
  }

  private Outcome moveIn(
      CsStore.Txn txn, ResidentOperationRequest r, MoveIn m, LocalDate notified, LocalDate today) {
    FourItems fi = Fields.fourItems("move_in.four_items", m.getFourItems(), today);
    String code =
        Fields.juminhyoCode("move_in.previous_juminhyo_code", m.getPreviousJuminhyoCode());
    String number = Fields.individualNumber("move_in.individual_number", m.getIndividualNumber());
    LocalGovernmentCode from =
        Fields.municipality("move_in.previous_municipality", m.getPreviousMunicipality());
    if (from.equals(self)) {
      throw OperationRefusedException.invalid(
          "move_in.previous_municipality "
              + from
              + " is this municipality: a move within it is a 転居");
    }
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    requireNotLivingHere(txn, code, number);
    IdentityInfo info = info(code, number, fi);
    IdentityChange c =
        txn.recordChange(
            change(
                    ChangeOperation.CHANGE_OPERATION_RECORD,
                    ChangeReason.CHANGE_REASON_MOVE_IN,
                    reason,
                    notified,
                    info)
                .setPreviousJuminhyoCode(code)
                .setPreviousAddress(m.getPreviousAddress().strip())
                .setPreviousMunicipality(from.value()));
    txn.putResident(
        ResidentRecords.newResident(code, reason, notified)
            .setPreviousAddress(m.getPreviousAddress().strip())
            .setPreviousMunicipality(from.value())
            .build());
    txn.addResidents(1);
    sendMoveInNotice(txn, from, info, code, reason);
    return new Outcome(info, c);
  }

  private Outcome moveInFromAbroad(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      MoveInFromAbroad m,
      LocalDate notified,
      LocalDate today) {
    FourItems fi = Fields.fourItems("move_in_from_abroad.four_items", m.getFourItems(), today);
    String given =
        m.getIndividualNumber().isEmpty()
            ? ""
            : Fields.individualNumber(
                "move_in_from_abroad.individual_number", m.getIndividualNumber());
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    if (!given.isEmpty()) {
      txn.byIndividualNumber(given)
          .filter(this::livingHere)
          .ifPresent(
              p -> {
                throw OperationRefusedException.conflict(
                    "個人番号 "
                        + given
                        + " belongs to "
                        + p.getJuminhyoCode()
                        + ", who already lives in "
                        + self);
              });
    }
    CsStore.NewCodes codes = txn.allocateCodes();
    IdentityInfo info =
        info(
            codes.juminhyoCode().value(),
            given.isEmpty() ? codes.individualNumber().value() : given,
            fi);
    IdentityChange c =
        txn.recordChange(
            change(
                ChangeOperation.CHANGE_OPERATION_RECORD,
                ChangeReason.CHANGE_REASON_MOVE_IN_FROM_ABROAD,
                reason,
                notified,
                info));
    txn.putResident(ResidentRecords.newResident(info.getJuminhyoCode(), reason, notified).build());
    txn.addResidents(1);
    return new Outcome(info, c);
  }

  private Outcome specialMoveIn(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      SpecialMoveIn s,
      TransferCertificateResponse cert,
      LocalDate notified,
      LocalDate today) {
    String code =
        Fields.juminhyoCode("special_move_in.previous_juminhyo_code", s.getPreviousJuminhyoCode());
    LocalGovernmentCode from =
        Fields.municipality("special_move_in.previous_municipality", s.getPreviousMunicipality());
    if (cert == null) {
      throw new IllegalStateException("特例転入 of " + code + " staged without the 転出証明書情報");
    }
    if (!cert.getFound()) {
      throw OperationRefusedException.notFound(
          "特例転入 of "
              + code
              + " refused: "
              + from
              + " has no 転出証明書情報 for it ("
              + cert.getRefusal()
              + ")");
    }
    if (!cert.getIdentity().getJuminhyoCode().equals(code)) {
      throw OperationRefusedException.conflict(
          "the 転出証明書情報 from "
              + from
              + " is for "
              + cert.getIdentity().getJuminhyoCode()
              + ", not "
              + code);
    }
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    LocalDate planned = Fields.date("転出証明書情報.planned_move_date", cert.getPlannedMoveDate(), reason);
    if (reason.isAfter(planned.plusDays(SPECIAL_MOVE_IN_DAYS))) {
      throw OperationRefusedException.invalid(
          "特例転入 of "
              + code
              + " on "
              + reason
              + " is more than "
              + SPECIAL_MOVE_IN_DAYS
              + " days after the planned move date "
              + planned
              + ": a paper 転出証明書 is needed");
    }
    IdentityInfo old = cert.getIdentity();
    requireNotLivingHere(txn, code, old.getIndividualNumber());
    FourItems fi =
        old.getFourItems().toBuilder()
            .setAddress(Fields.nonBlank("special_move_in.new_address", s.getNewAddress()))
            .build();
    IdentityInfo info = info(code, old.getIndividualNumber(), fi);
    String previousAddress = old.getFourItems().getAddress();
    IdentityChange c =
        txn.recordChange(
            change(
                    ChangeOperation.CHANGE_OPERATION_RECORD,
                    ChangeReason.CHANGE_REASON_SPECIAL_MOVE_IN,
                    reason,
                    notified,
                    info)
                .setPreviousJuminhyoCode(code)
                .setPreviousAddress(previousAddress)
                .setPreviousMunicipality(from.value()));
    txn.putResident(
        ResidentRecords.newResident(code, reason, notified)
            .setPreviousAddress(previousAddress)
            .setPreviousMunicipality(from.value())
            .build());
    txn.addResidents(1);
    sendMoveInNotice(txn, from, info, code, reason);
    return new Outcome(info, c);
  }

  // --- 消除 ------------------------------------------------------------------------------------

  private Outcome moveOut(CsStore.Txn txn, MoveOut m, LocalDate notified, boolean special) {
    String field = special ? "special_move_out" : "move_out";
    String code = Fields.juminhyoCode(field + ".juminhyo_code", m.getJuminhyoCode());
    LocalDate planned = Fields.date(field + ".planned_date (転出の予定年月日)", m.getPlannedDate(), null);
    LocalGovernmentCode to =
        Fields.municipality(field + ".destination_municipality", m.getDestinationMunicipality());
    if (to.equals(self)) {
      throw OperationRefusedException.invalid(
          field
              + ".destination_municipality "
              + to
              + " is this municipality: a move within it is a 転居");
    }
    requireWithinFilingWindow(
        field + ".planned_date (転出の予定年月日)", planned, notified, special ? "特例転出" : "転出届");
    IdentityInfo current = living(txn, code);
    requireNotBefore(txn, code, planned, field + ".planned_date");
    ChangeReason reason =
        special ? ChangeReason.CHANGE_REASON_SPECIAL_MOVE_OUT : ChangeReason.CHANGE_REASON_MOVE_OUT;
    IdentityChange c =
        txn.recordChange(
            change(ChangeOperation.CHANGE_OPERATION_REMOVE, reason, planned, notified, current)
                .setDestinationMunicipality(to.value()));
    txn.putResident(
        ResidentRecords.movedOut(
                ResidentRecords.staged(txn, code),
                special ? MoveOutKind.MOVE_OUT_KIND_SPECIAL : MoveOutKind.MOVE_OUT_KIND_MOVE_OUT,
                planned,
                to.value(),
                m.getDestinationAddress().strip(),
                notified)
            .build());
    txn.addResidents(-1);
    return new Outcome(removed(current), c);
  }

  private Outcome moveOutAbroad(CsStore.Txn txn, MoveOutAbroad m, LocalDate notified) {
    String code = Fields.juminhyoCode("move_out_abroad.juminhyo_code", m.getJuminhyoCode());
    LocalDate planned =
        Fields.date("move_out_abroad.planned_date (転出の予定年月日)", m.getPlannedDate(), null);
    IdentityInfo current = living(txn, code);
    requireNotBefore(txn, code, planned, "move_out_abroad.planned_date");
    IdentityChange c =
        txn.recordChange(
            change(
                ChangeOperation.CHANGE_OPERATION_REMOVE,
                ChangeReason.CHANGE_REASON_MOVE_OUT_ABROAD,
                planned,
                notified,
                current));
    txn.putResident(
        ResidentRecords.movedOut(
                ResidentRecords.staged(txn, code),
                MoveOutKind.MOVE_OUT_KIND_ABROAD,
                planned,
                "",
                m.getDestinationCountry().strip(),
                notified)
            .build());
    txn.addResidents(-1);
    return new Outcome(removed(current), c);
  }

  private Outcome remove(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      String codeValue,
      String field,
      ChangeReason why,
      LocalDate notified,
      LocalDate today) {
    String code = Fields.juminhyoCode(field + ".juminhyo_code", codeValue);
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    IdentityInfo current = living(txn, code);
    requireNotBefore(txn, code, reason, "reason_date");
    IdentityChange c =
        txn.recordChange(
            change(ChangeOperation.CHANGE_OPERATION_REMOVE, why, reason, notified, current));
    txn.resident(code)
        .ifPresent(
            rec ->
                txn.putResident(rec.toBuilder().setNotificationDate(notified.toString()).build()));
    txn.addResidents(-1);
    return new Outcome(removed(current), c);
  }

  // --- 修正 ------------------------------------------------------------------------------------

  private Outcome moveWithin(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      MoveWithin m,
      LocalDate notified,
      LocalDate today) {
    String code = Fields.juminhyoCode("move_within.juminhyo_code", m.getJuminhyoCode());
    String address = Fields.nonBlank("move_within.new_address", m.getNewAddress());
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    IdentityInfo current = living(txn, code);
    requireNotBefore(txn, code, reason, "reason_date");
    String old = current.getFourItems().getAddress();
    if (old.equals(address)) {
      throw OperationRefusedException.invalid(
          "move_within.new_address '" + address + "' is already " + code + "'s address");
    }
    IdentityInfo info =
        current.toBuilder()
            .setFourItems(current.getFourItems().toBuilder().setAddress(address))
            .build();
    IdentityChange c =
        txn.recordChange(
            change(
                    ChangeOperation.CHANGE_OPERATION_AMEND,
                    ChangeReason.CHANGE_REASON_MOVE_WITHIN,
                    reason,
                    notified,
                    info)
                .setPreviousAddress(old));
    txn.resident(code)
        .ifPresent(
            rec ->
                txn.putResident(
                    rec.toBuilder()
                        .setAddressSetDate(reason.toString())
                        .setNotificationDate(notified.toString())
                        .setPreviousAddress(old)
                        .setPreviousMunicipality(self.value())
                        .build()));
    return new Outcome(info, c);
  }

  private Outcome amend(
      CsStore.Txn txn, ResidentOperationRequest r, Amend a, LocalDate notified, LocalDate today) {
    String code = Fields.juminhyoCode("amend.juminhyo_code", a.getJuminhyoCode());
    ChangeReason why = a.getReason();
    if (why != ChangeReason.CHANGE_REASON_NAME_CHANGE
        && why != ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT) {
      throw OperationRefusedException.invalid(
          "amend.reason must be CHANGE_REASON_NAME_CHANGE (氏名変更) or "
              + "CHANGE_REASON_EX_OFFICIO_AMENDMENT (職権修正), not "
              + why);
    }
    if (why == ChangeReason.CHANGE_REASON_NAME_CHANGE && a.getName().isEmpty()) {
      throw OperationRefusedException.invalid("amend.name is required for a 氏名変更");
    }
    FourItems.Builder fi;
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    IdentityInfo current = living(txn, code);
    requireNotBefore(txn, code, reason, "reason_date");
    fi = current.getFourItems().toBuilder();
    if (!a.getName().isEmpty()) {
      fi.setName(Fields.nonBlank("amend.name", a.getName()));
    }
    if (!a.getBirthDate().isEmpty()) {
      fi.setBirthDate(Fields.birthDate("amend.birth_date", a.getBirthDate(), today).toString());
    }
    if (a.getSex() != Sex.SEX_UNSPECIFIED) {
      fi.setSex(Fields.sex("amend.sex", a.getSex()));
    }
    if (!a.getAddress().isEmpty()) {
      fi.setAddress(Fields.nonBlank("amend.address", a.getAddress()));
    }
    if (fi.build().equals(current.getFourItems())) {
      throw OperationRefusedException.invalid(
          "the amendment changes nothing: " + code + " already has these items");
    }
    IdentityInfo info = current.toBuilder().setFourItems(fi).build();
    IdentityChange.Builder ch =
        change(ChangeOperation.CHANGE_OPERATION_AMEND, why, reason, notified, info);
    if (!fi.getAddress().equals(current.getFourItems().getAddress())) {
      ch.setPreviousAddress(current.getFourItems().getAddress());
    }
    IdentityChange c = txn.recordChange(ch);
    boolean renamed = !fi.getName().equals(current.getFourItems().getName());
    txn.resident(code)
        .ifPresent(
            rec -> {
              ResidentRecord.Builder kept =
                  rec.toBuilder().setNotificationDate(notified.toString());
              if (renamed) {
                kept.clearNameKana(); // the old name's reading no longer fits
              }
              txn.putResident(kept.build());
            });
    return new Outcome(info, c);
  }

  private Outcome codeChange(
      CsStore.Txn txn,
      ResidentOperationRequest r,
      String codeValue,
      LocalDate notified,
      LocalDate today) {
    String code = Fields.juminhyoCode("juminhyo_code_change.juminhyo_code", codeValue);
    LocalDate reason = Fields.date("reason_date", r.getReasonDate(), today);
    IdentityInfo current = living(txn, code);
    requireNotBefore(txn, code, reason, "reason_date");
    String fresh = txn.allocateCodes().juminhyoCode().value();
    IdentityInfo info = current.toBuilder().setJuminhyoCode(fresh).build();
    IdentityChange c =
        txn.recordChange(
            change(
                    ChangeOperation.CHANGE_OPERATION_AMEND,
                    ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                    reason,
                    notified,
                    info)
                .setPreviousJuminhyoCode(code));
    ResidentRecord.Builder rec = ResidentRecords.staged(txn, code);
    txn.deleteResident(code);
    txn.putResident(rec.setJuminhyoCode(fresh).setNotificationDate(notified.toString()).build());
    return new Outcome(info, c);
  }

  // --- helpers -------------------------------------------------------------------------------

  private IdentityInfo living(CsStore.Txn txn, String code) {
    IdentityInfo current =
        txn.identity(code)
            .filter(i -> i.getMunicipalityCode().equals(self.value()))
            .orElseThrow(
                () ->
                    OperationRefusedException.notFound(
                        "no resident with 住民票コード " + code + " is registered at " + self));
    if (current.getRemoved()) {
      String how = ResidentRecords.japanese(ResidentRecords.staged(txn, code).getMoveOutKind());
      throw OperationRefusedException.conflict(
          code + " was already removed from " + self + " (" + how + ")");
    }
    return current;
  }

  /**
   * The registry replays a person's changes in reason-date order, so a change dated before the
   * person's last one would be replayed out of place: refuse it.
   */
  private static void requireNotBefore(
      CsStore.Txn txn, String code, LocalDate reason, String field) {
    List<IdentityChange> history = txn.history(code);
    if (!history.isEmpty()) {
      IdentityChange last = history.get(history.size() - 1);
      if (reason.isBefore(IsoDates.parse(last.getReasonDate()))) {
        throw OperationRefusedException.invalid(
            field
                + " "
                + reason
                + " is before "
                + code
                + "'s last change ("
                + ChangeNames.reason(last.getReason())
                + " on "
                + last.getReasonDate()
                + ")");
      }
    }
  }

  /**
   * The 14-day window of a 転出届 / 特例転出, checked like the 30-day deadline of 特例転入: against the date
   * the request carries (here the filing date, 届出年月日), which defaults to today on this CS's
   * injected clock.
   */
  private static void requireWithinFilingWindow(
      String field, LocalDate planned, LocalDate filed, String what) {
    String rule =
        ": a "
            + what
            + " is accepted from "
            + MOVE_OUT_FILING_DAYS
            + " days before the planned move date to "
            + MOVE_OUT_FILING_DAYS
            + " days after it";
    if (planned.isAfter(filed.plusDays(MOVE_OUT_FILING_DAYS))) {
      throw OperationRefusedException.invalid(
          field
              + " "
              + planned
              + " is more than "
              + MOVE_OUT_FILING_DAYS
              + " days after the filing date "
              + filed
              + " (届出年月日)"
              + rule);
    }
    if (planned.isBefore(filed.minusDays(MOVE_OUT_FILING_DAYS))) {
      throw OperationRefusedException.invalid(
          field
              + " "
              + planned
              + " is more than "
              + MOVE_OUT_FILING_DAYS
              + " days before the filing date "
              + filed
              + " (届出年月日)"
              + rule);
    }
  }

  private boolean livingHere(IdentityInfo i) {
    return !i.getRemoved() && i.getMunicipalityCode().equals(self.value());
  }

  private void requireNotLivingHere(CsStore.Txn txn, String code, String number) {
    txn.identity(code)
        .filter(this::livingHere)
        .ifPresent(
            p -> {
              throw OperationRefusedException.conflict(
                  code
                      + " already lives in "
                      + self
                      + " ("
                      + p.getFourItems().getName()
                      + ", "
                      + p.getFourItems().getAddress()
                      + ")");
            });
    if (!number.isEmpty()) {
      txn.byIndividualNumber(number)
          .filter(this::livingHere)
          .ifPresent(
              p -> {
                throw OperationRefusedException.conflict(
                    "個人番号 "
                        + number
                        + " belongs to "
                        + p.getJuminhyoCode()
                        + ", who already lives in "
                        + self);
              });
    }
  }

  private static void sendMoveInNotice(
      CsStore.Txn txn,
      LocalGovernmentCode to,
      IdentityInfo info,
      String previousCode,
      LocalDate moved) {
    txn.sendRouted(
        RoutedMessage.newBuilder()
            .setDestinationMunicipality(to.value())
            .setMoveInNotice(
                MoveInNotice.newBuilder()
                    .setIdentity(info)
                    .setPreviousJuminhyoCode(previousCode)
                    .setMoveInDate(moved.toString())
                    .setNewAddress(info.getFourItems().getAddress())));
  }

  private IdentityInfo info(String code, String number, FourItems fi) {
    return IdentityInfo.newBuilder()
        .setJuminhyoCode(code)
        .setIndividualNumber(number)
        .setFourItems(fi)
        .setMunicipalityCode(self.value())
        .build();
  }

  private static IdentityInfo removed(IdentityInfo i) {
    return i.toBuilder().setRemoved(true).build();
  }

  static IdentityChange.Builder change(
      ChangeOperation op,
      ChangeReason why,
      LocalDate reason,
      LocalDate notified,
      IdentityInfo info) {
    return IdentityChange.newBuilder()
        .setOperation(op)
        .setReason(why)
        .setReasonDate(reason.toString())
        .setNotificationDate(notified.toString())
        .setIdentity(info);
  }

  /** The request as it may be logged: the card PIN masked. */
  private static ResidentOperationRequest masked(ResidentOperationRequest r) {
    if (!r.hasSpecialMoveIn()) {
      return r;
    }
    ResidentOperationRequest.Builder b = r.toBuilder();
    b.getSpecialMoveInBuilder().setCardPin("****");
    return b.build();
  }
}
