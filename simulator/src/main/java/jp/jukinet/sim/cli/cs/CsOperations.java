package jp.jukinet.sim.cli.cs;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.sim.cli.CommandResult;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.workload.ResidentRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The resident operations of {@code jukinet cs <code> …}, one subcommand each, with Japanese
 * aliases.
 */
final class CsOperations {
  private CsOperations() {}

  /** An operation: builds the ResidentOperationRequest, prints the record and its change. */
  abstract static class OperationCommand extends CsSubcommand {
    @Option(
        names = "--reason-date",
        description = "異動年月日 (default: today in Japan, or the operation's own date).")
    String reasonDate = "";

    @Option(names = "--notification-date", description = "届出年月日 (default: today in Japan).")
    String notificationDate = "";

    /** The operation, from the options. */
    abstract ResidentOperationRequest.Builder operation();

    @Override
    Envelope.Builder request(LocalGovernmentCode cs) {
      return ResidentRequests.envelope(
          operation().setReasonDate(reasonDate).setNotificationDate(notificationDate));
    }

    @Override
    int print(Envelope response) {
      ResidentOperationResponse r = response.getResidentOperationResponse();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("identity", ResidentOutput.identity(r.getIdentity()));
      m.put("change", ResidentOutput.change(r.getChange()));
      emit(
          json,
          CommandResult.of(
              m,
              text -> {
                ResidentOutput.printIdentity(text, r.getIdentity());
                ResidentOutput.printChange(text, r.getChange());
              }));
      return ExitCodes.OK;
    }
  }

  /** Options of the 4情報. */
  static final class FourItemsOptions {
    @Option(names = "--name", required = true, description = "氏名")
    String name;

    @Option(names = "--birth-date", required = true, description = "生年月日 (2020-04-01)")
    String birthDate;

    @Option(
        names = "--sex",
        required = true,
        converter = SexConverter.class,
        description = "性別: M, F, 男 or 女")
    Sex sex;

    @Option(names = "--address", required = true, description = "住所")
    String address;

    FourItems toProto() {
      return FourItems.newBuilder()
          .setName(name)
          .setBirthDate(birthDate)
          .setSex(sex)
          .setAddress(address)
          .build();
    }
  }

  static String code6(String code) {
    return code == null || code.isEmpty() ? "" : LocalGovernmentCode.parse(code).value();
  }

  @Command(
      name = "birth",
      aliases = "出生",
      description = "出生: record a birth (new 住民票コード and 個人番号).")
  static final class BirthCommand extends OperationCommand {
    @Mixin FourItemsOptions items;

    @Option(names = "--head", description = "世帯主")
    String head = "";

    @Option(names = "--relationship", description = "続柄")
    String relationship = "";

    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.birth(items.toProto(), head, relationship);
    }
  }

  @Command(
      name = "move-in",
      aliases = "転入",
      description = "転入: a person moving in from another municipality.")
  static final class MoveInCommand extends OperationCommand {
    @Mixin FourItemsOptions items;

    @Option(names = "--code", required = true, description = "転入前の住民票コード")
    String code;

    @Option(names = "--number", required = true, description = "個人番号")
    String number;

    @Option(names = "--from", required = true, description = "転入元 municipality code")
    String from;

    @Option(names = "--from-address", description = "従前の住所")
    String fromAddress = "";

    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.moveIn(items.toProto(), code, number, code6(from), fromAddress);
    }
  }

  @Command(
      name = "move-in-abroad",
      aliases = "国外からの転入",
      description = "国外からの転入: moving in from abroad.")
  static final class MoveInFromAbroadCommand extends OperationCommand {
    @Mixin FourItemsOptions items;

    @Option(names = "--number", description = "個人番号, if the person has one (else a new one)")
    String number = "";

    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.moveInFromAbroad(items.toProto(), number);
    }
  }

  abstract static class OnePersonCommand extends OperationCommand {
    @Parameters(index = "0", paramLabel = "<住民票コード>", description = "The resident's 住民票コード.")
    String code;
  }

  /** A 転出 to another municipality in Japan (転出, 特例転出): where to and when. */
  abstract static class OutToMunicipalityCommand extends OnePersonCommand {
    @Option(names = "--to", required = true, description = "転出先 municipality code")
    String to;

    @Option(
        names = "--date",
        required = true,
        description =
            "転出の予定年月日: at most 14 days before or after the filing date (--notification-date, default today)")
    String date;

    @Option(names = "--to-address", description = "転出先の住所")
    String toAddress = "";
  }

  @Command(
      name = "move-out",
      aliases = "転出",
      description = "転出: move-out to another municipality (消除 on the planned date).")
  static final class MoveOutCommand extends OutToMunicipalityCommand {
    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.moveOut(code, date, code6(to), toAddress);
    }
  }

  @Command(name = "move-out-abroad", aliases = "国外転出", description = "国外転出: moving abroad.")
  static final class MoveOutAbroadCommand extends OnePersonCommand {
    @Option(names = "--date", required = true, description = "転出の予定年月日")
    String date;

    @Option(names = "--country", description = "転出先の国")
    String country = "";

    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.moveOutAbroad(code, date, country);
    }
  }

  @Command(
      name = "special-move-out",
      aliases = "特例転出",
      description =
          "特例転出: move-out with the My Number card; the 転出証明書情報 is held for the new municipality.")
  static final class SpecialMoveOutCommand extends OutToMunicipalityCommand {
    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.specialMoveOut(code, date, code6(to), toAddress);
    }
  }

  @Command(
      name = "special-move-in",
      aliases = "特例転入",
      description =
          "特例転入: move-in with the card; the 転出証明書情報 is fetched from the old CS over the network.")
  static final class SpecialMoveInCommand extends OperationCommand {
    @Option(names = "--code", required = true, description = "住民票コード")
    String code;

    @Option(names = "--from", required = true, description = "転出元 municipality code")
    String from;

    @Option(names = "--address", required = true, description = "新しい住所")
    String address;

    @Option(names = "--pin", required = true, description = "the card's 4-digit 暗証番号")
    String pin;

    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.specialMoveIn(code, code6(from), address, pin);
    }
  }

  @Command(
      name = "move-within",
      aliases = "転居",
      description = "転居: a move within the municipality.")
  static final class MoveWithinCommand extends OnePersonCommand {
    @Option(names = "--address", required = true, description = "新しい住所")
    String address;

    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.moveWithin(code, address);
    }
  }

  @Command(
      name = "amend",
      aliases = {"氏名変更", "職権修正", "修正"},
      description =
          "氏名変更 / 職権修正 of the 4情報. A change of --name alone is a 氏名変更 unless --ex-officio.")
  static final class AmendCommand extends OnePersonCommand {
    @Option(names = "--name", description = "氏名")
    String name = "";

    @Option(names = "--birth-date", description = "生年月日")
    String birthDate = "";

    @Option(names = "--sex", converter = SexConverter.class, description = "性別")
    Sex sex = Sex.SEX_UNSPECIFIED;

    @Option(names = "--address", description = "住所")
    String address = "";

    @Option(
        names = "--ex-officio",
        description = "職権修正 (default when anything but the name changes)")
    boolean exOfficio;

    @Override
    ResidentOperationRequest.Builder operation() {
      boolean nameOnly =
          !name.isEmpty() && birthDate.isEmpty() && sex == Sex.SEX_UNSPECIFIED && address.isEmpty();
      ChangeReason reason =
          nameOnly && !exOfficio
              ? ChangeReason.CHANGE_REASON_NAME_CHANGE
              : ChangeReason.CHANGE_REASON_EX_OFFICIO_AMENDMENT;
      return ResidentRequests.amend(code, reason, name, birthDate, sex, address);
    }
  }

  @Command(
      name = "death",
      aliases = "死亡",
      description = "死亡: remove the record of a person who died.")
  static final class DeathCommand extends OnePersonCommand {
    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.death(code);
    }
  }

  @Command(name = "remove", aliases = "職権消除", description = "職権消除: ex-officio removal.")
  static final class RemoveCommand extends OnePersonCommand {
    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.exOfficioRemoval(code);
    }
  }

  @Command(
      name = "change-code",
      aliases = {"コード変更", "住民票コード変更"},
      description = "住民票コード変更: give the person a new 住民票コード; the old one stops resolving.")
  static final class ChangeCodeCommand extends OnePersonCommand {
    @Override
    ResidentOperationRequest.Builder operation() {
      return ResidentRequests.codeChange(code);
    }
  }
}
