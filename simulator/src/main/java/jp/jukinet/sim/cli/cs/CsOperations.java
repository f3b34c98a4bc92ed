package jp.jukinet.sim.cli.cs;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Amend;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Death;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ExOfficioRemoval;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.JuminhyoCodeChange;
import jp.jukinet.protocol.proto.MoveIn;
import jp.jukinet.protocol.proto.MoveInFromAbroad;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.MoveOutAbroad;
import jp.jukinet.protocol.proto.MoveWithin;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SpecialMoveIn;
import jp.jukinet.protocol.proto.SpecialMoveOut;
import jp.jukinet.sim.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The resident operations of {@code jukinet cs <code> …}, one subcommand each, with Japanese aliases. */
final class CsOperations {
  private CsOperations() {}

  /** An operation: builds the ResidentOperationRequest, prints the record and its change. */
  abstract static class Operation extends CsSubcommand {
    @Option(names = "--reason-date", description = "異動年月日 (default: today in Japan, or the operation's own date).")
    String reasonDate = "";

    @Option(names = "--notification-date", description = "届出年月日 (default: today in Japan).")
    String notificationDate = "";

    abstract void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs);

    @Override
    Envelope.Builder request(LocalGovernmentCode cs) {
      ResidentOperationRequest.Builder r = ResidentOperationRequest.newBuilder()
          .setReasonDate(reasonDate).setNotificationDate(notificationDate);
      fill(r, cs);
      return Envelope.newBuilder().setResidentOperationRequest(r);
    }

    @Override
    int print(Envelope response) {
      ResidentOperationResponse r = response.getResidentOperationResponse();
      if (json.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identity", ResidentOutput.identity(r.getIdentity()));
        m.put("change", ResidentOutput.change(r.getChange()));
        printJson(m);
      } else {
        ResidentOutput.printIdentity(out(), r.getIdentity());
        ResidentOutput.printChange(out(), r.getChange());
        out().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** Options of the 4情報. */
  static final class FourItemsOptions {
    @Option(names = "--name", required = true, description = "氏名")
    String name;

    @Option(names = "--birth-date", required = true, description = "生年月日 (2020-04-01)")
    String birthDate;

    @Option(names = "--sex", required = true, converter = SexConverter.class, description = "性別: M, F, 男 or 女")
    Sex sex;

    @Option(names = "--address", required = true, description = "住所")
    String address;

    FourItems toProto() {
      return FourItems.newBuilder().setName(name).setBirthDate(birthDate).setSex(sex).setAddress(address).build();
    }
  }

  static String code6(String code) {
    return code == null || code.isEmpty() ? "" : LocalGovernmentCode.parse(code).value();
  }

  @Command(name = "birth", aliases = "出生", description = "出生: record a birth (new 住民票コード and 個人番号).")
  static final class Birth extends Operation {
    @picocli.CommandLine.Mixin
    FourItemsOptions items;

    @Option(names = "--head", description = "世帯主") String head = "";
    @Option(names = "--relationship", description = "続柄") String relationship = "";

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setBirth(jp.jukinet.protocol.proto.Birth.newBuilder().setFourItems(items.toProto()).setHeadOfHousehold(head)
          .setRelationship(relationship));
    }
  }

  @Command(name = "move-in", aliases = "転入", description = "転入: a person moving in from another municipality.")
  static final class MoveInCmd extends Operation {
    @picocli.CommandLine.Mixin
    FourItemsOptions items;

    @Option(names = "--code", required = true, description = "転入前の住民票コード") String code;
    @Option(names = "--number", required = true, description = "個人番号") String number;
    @Option(names = "--from", required = true, description = "転入元 municipality code") String from;
    @Option(names = "--from-address", description = "従前の住所") String fromAddress = "";

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setMoveIn(MoveIn.newBuilder().setFourItems(items.toProto()).setPreviousJuminhyoCode(code)
          .setIndividualNumber(number).setPreviousMunicipality(code6(from)).setPreviousAddress(fromAddress));
    }
  }

  @Command(name = "move-in-abroad", aliases = "国外からの転入", description = "国外からの転入: moving in from abroad.")
  static final class MoveInAbroad extends Operation {
    @picocli.CommandLine.Mixin
    FourItemsOptions items;

    @Option(names = "--number", description = "個人番号, if the person has one (else a new one)") String number = "";

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setMoveInFromAbroad(MoveInFromAbroad.newBuilder().setFourItems(items.toProto()).setIndividualNumber(number));
    }
  }

  abstract static class OnePerson extends Operation {
    @Parameters(index = "0", paramLabel = "<住民票コード>", description = "The resident's 住民票コード.")
    String code;
  }

  /** A 転出 to another municipality in Japan (転出, 特例転出): where to and when. */
  abstract static class OutToMunicipality extends OnePerson {
    @Option(names = "--to", required = true, description = "転出先 municipality code") String to;
    @Option(names = "--date", required = true,
        description = "転出の予定年月日: at most 14 days before or after the filing date (--notification-date, default today)")
    String date;
    @Option(names = "--to-address", description = "転出先の住所") String toAddress = "";
  }

  @Command(name = "move-out", aliases = "転出", description = "転出: move-out to another municipality (消除 on the planned date).")
  static final class MoveOutCmd extends OutToMunicipality {
    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setMoveOut(MoveOut.newBuilder().setJuminhyoCode(code).setPlannedDate(date).setDestinationMunicipality(code6(to))
          .setDestinationAddress(toAddress));
    }
  }

  @Command(name = "move-out-abroad", aliases = "国外転出", description = "国外転出: moving abroad.")
  static final class MoveOutAbroadCmd extends OnePerson {
    @Option(names = "--date", required = true, description = "転出の予定年月日") String date;
    @Option(names = "--country", description = "転出先の国") String country = "";

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setMoveOutAbroad(MoveOutAbroad.newBuilder().setJuminhyoCode(code).setPlannedDate(date)
          .setDestinationCountry(country));
    }
  }

  @Command(name = "special-move-out", aliases = "特例転出",
      description = "特例転出: move-out with the My Number card; the 転出証明書情報 is held for the new municipality.")
  static final class SpecialMoveOutCmd extends OutToMunicipality {
    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setSpecialMoveOut(SpecialMoveOut.newBuilder().setJuminhyoCode(code).setPlannedDate(date)
          .setDestinationMunicipality(code6(to)).setDestinationAddress(toAddress));
    }
  }

  @Command(name = "special-move-in", aliases = "特例転入",
      description = "特例転入: move-in with the card; the 転出証明書情報 is fetched from the old CS over the network.")
  static final class SpecialMoveInCmd extends Operation {
    @Option(names = "--code", required = true, description = "住民票コード") String code;
    @Option(names = "--from", required = true, description = "転出元 municipality code") String from;
    @Option(names = "--address", required = true, description = "新しい住所") String address;
    @Option(names = "--pin", required = true, description = "the card's 4-digit 暗証番号") String pin;

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setSpecialMoveIn(SpecialMoveIn.newBuilder().setPreviousJuminhyoCode(code).setPreviousMunicipality(code6(from))
          .setNewAddress(address).setCardPin(pin));
    }
  }

  @Command(name = "move-within", aliases = "転居", description = "転居: a move within the municipality.")
  static final class MoveWithinCmd extends OnePerson {
    @Option(names = "--address", required = true, description = "新しい住所") String address;

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setMoveWithin(MoveWithin.newBuilder().setJuminhyoCode(code).setNewAddress(address));
    }
  }

  @Command(name = "amend", aliases = {"氏名変更", "職権修正", "修正"},
      description = "氏名変更 / 職権修正 of the 4情報. A change of --name alone is a 氏名変更 unless --ex-officio.")
  static final class AmendCmd extends OnePerson {
    @Option(names = "--name", description = "氏名") String name = "";
    @Option(names = "--birth-date", description = "生年月日") String birthDate = "";
    @Option(names = "--sex", converter = SexConverter.class, description = "性別") Sex sex = Sex.SEX_UNSPECIFIED;
    @Option(names = "--address", description = "住所") String address = "";
    @Option(names = "--ex-officio", description = "職権修正 (default when anything but the name changes)") boolean exOfficio;

    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      boolean nameOnly = !name.isEmpty() && birthDate.isEmpty() && sex == Sex.SEX_UNSPECIFIED && address.isEmpty();
      ChangeReason reason = nameOnly && !exOfficio ? ChangeReason.CHANGE_REASON_NAME_CHANGE
          : ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT;
      r.setAmend(Amend.newBuilder().setJuminhyoCode(code).setReason(reason).setName(name).setBirthDate(birthDate)
          .setSex(sex).setAddress(address));
    }
  }

  @Command(name = "death", aliases = "死亡", description = "死亡: remove the record of a person who died.")
  static final class DeathCmd extends OnePerson {
    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setDeath(Death.newBuilder().setJuminhyoCode(code));
    }
  }

  @Command(name = "remove", aliases = "職権消除", description = "職権消除: ex-officio removal.")
  static final class RemoveCmd extends OnePerson {
    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setExOfficioRemoval(ExOfficioRemoval.newBuilder().setJuminhyoCode(code));
    }
  }

  @Command(name = "change-code", aliases = {"コード変更", "住民票コード変更"},
      description = "住民票コード変更: give the person a new 住民票コード; the old one stops resolving.")
  static final class ChangeCodeCmd extends OnePerson {
    @Override
    void fill(ResidentOperationRequest.Builder r, LocalGovernmentCode cs) {
      r.setJuminhyoCodeChange(JuminhyoCodeChange.newBuilder().setJuminhyoCode(code));
    }
  }
}
