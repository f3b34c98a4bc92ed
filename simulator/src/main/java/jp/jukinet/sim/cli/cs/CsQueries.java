package jp.jukinet.sim.cli.cs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentQueryResponse;
import jp.jukinet.protocol.proto.ResidentView;
import jp.jukinet.protocol.proto.WideAreaCopyRequest;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;
import jp.jukinet.sim.cli.CommandResult;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.workload.ResidentRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Look-ups of {@code jukinet cs <code> …}: show, search, copy (広域交付). */
final class CsQueries {
  private CsQueries() {}

  abstract static class QueryCommand extends CsSubcommand {
    @Override
    int print(Envelope response) {
      ResidentQueryResponse r = response.getResidentQueryResponse();
      List<Map<String, Object>> list = new ArrayList<>();
      for (ResidentView v : r.getResidentsList()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identity", ResidentOutput.identity(v.getIdentity()));
        m.put("name_kana", v.getNameKana());
        m.put("history", ResidentOutput.changes(v.getHistoryList()));
        list.add(m);
      }
      emit(
          json,
          CommandResult.of(
              Map.of("residents", list),
              text -> {
                if (r.getResidentsCount() == 0) {
                  text.println("該当なし (no resident found)");
                }
                for (ResidentView v : r.getResidentsList()) {
                  ResidentOutput.printIdentity(text, v.getIdentity());
                  if (!v.getNameKana().isEmpty()) {
                    ResidentOutput.row(text, "ふりがな", v.getNameKana());
                  }
                  text.println("履歴 (history):");
                  v.getHistoryList().forEach(c -> ResidentOutput.printHistoryLine(text, c));
                  text.println();
                }
              }));
      return r.getResidentsCount() == 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      aliases = "照会",
      description = "Show a resident's record and history by 住民票コード.")
  static final class ShowCommand extends QueryCommand {
    @Parameters(index = "0", paramLabel = "<住民票コード>")
    String code;

    @Override
    Envelope.Builder request(LocalGovernmentCode cs) {
      return ResidentRequests.query(code);
    }
  }

  @Command(
      name = "search",
      aliases = "検索",
      description = "Find residents by 4情報 (name and birth date).")
  static final class SearchCommand extends QueryCommand {
    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--birth-date", required = true)
    String birthDate;

    @Override
    Envelope.Builder request(LocalGovernmentCode cs) {
      return Envelope.newBuilder()
          .setResidentQuery(
              ResidentQuery.newBuilder()
                  .setFourItems(FourItems.newBuilder().setName(name).setBirthDate(birthDate)));
    }
  }

  @Command(
      name = "copy",
      aliases = "広域交付",
      description = "広域交付: obtain the 住民票 of a person registered in another municipality (住所地).")
  static final class CopyCommand extends CsSubcommand {
    @Parameters(index = "0", paramLabel = "<住民票コード>")
    String code;

    @Option(
        names = "--residence",
        required = true,
        description = "住所地: the municipality where the person lives")
    String residence;

    @Override
    Envelope.Builder request(LocalGovernmentCode cs) {
      return Envelope.newBuilder()
          .setWideAreaCopyRequest(
              WideAreaCopyRequest.newBuilder()
                  .setJuminhyoCode(code)
                  .setResidenceMunicipality(CsOperations.code6(residence))
                  .setRequestId(UUID.randomUUID().toString()));
    }

    @Override
    int print(Envelope response) {
      WideAreaCopyResponse r = response.getWideAreaCopyResponse();
      if (json.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", r.getFound());
        m.put("refusal", r.getRefusal());
        if (r.getFound()) {
          m.put("identity", ResidentOutput.identity(r.getIdentity()));
          m.put("head_of_household", r.getHeadOfHousehold());
          m.put("relationship", r.getRelationship());
          m.put("became_resident_date", r.getBecameResidentDate());
          m.put("address_set_date", r.getAddressSetDate());
        }
        printJson(m);
      } else if (r.getFound()) {
        ResidentOutput.printCopy(out(), r);
      } else {
        err().println("NOT_FOUND: " + r.getRefusal());
      }
      out().flush();
      return r.getFound() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }
}
