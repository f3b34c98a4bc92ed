package jp.jukinet.sim.cli.provision;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CommandResult;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.cli.TimeoutMixin;
import jp.jukinet.sim.cli.cs.ResidentOutput;
import jp.jukinet.sim.cli.cs.SexConverter;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.workload.AgencyClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jukinet agency <id> lookup}: one 即時提供 — by 住民票コード, 個人番号 or 4情報, optionally as of a date —
 * for one 事務 the agency is registered for. Not found exits 1; a refusal prints the national
 * server's Error (PURPOSE_NOT_ALLOWED names the rule) and exits 1.
 */
@Command(
    name = "lookup",
    aliases = "即時提供",
    description =
        "即時提供: look one person up for a 事務, by --code, --number, or --name with --birth-date.")
public final class AgencyLookupCommand extends BaseCommand {
  @ParentCommand AgencyCommand parent;

  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  @Mixin TimeoutMixin timeout;

  @Option(
      names = "--jimu",
      required = true,
      description = "The 事務 (J01…J68, see 'jukinet agencies').")
  String jimu;

  @Option(names = "--code", description = "住民票コード (11 digits).")
  String code;

  @Option(names = "--number", description = "個人番号 (12 digits).")
  String number;

  @Option(names = "--name", description = "4情報: 氏名 (with --birth-date).")
  String name;

  @Option(names = "--birth-date", description = "4情報: 生年月日, YYYY-MM-DD.")
  String birthDate;

  @Option(
      names = "--sex",
      converter = SexConverter.class,
      description = "4情報: narrows by 性別 (M, F, 男, 女).")
  Sex sex;

  @Option(names = "--address", description = "4情報: narrows by 住所.")
  String address;

  @Option(names = "--as-of", description = "The record as of this date (YYYY-MM-DD).")
  String asOf;

  ProvisionKey key() {
    int kinds = (code != null ? 1 : 0) + (number != null ? 1 : 0) + (name != null ? 1 : 0);
    if (kinds != 1) {
      throw new InvalidInputException(
          "give exactly one key: --code, --number, or --name with --birth-date");
    }
    if (code != null) {
      return AgencyClient.byCode(code);
    }
    if (number != null) {
      return AgencyClient.byNumber(number);
    }
    if (birthDate == null) {
      throw new InvalidInputException("--name needs --birth-date");
    }
    return AgencyClient.byFourItems(name, birthDate, sex, address);
  }

  @Override
  public Integer call() {
    String agency = parent.agencyId();
    ProvisionKey key = key();
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    SingleProvisionResponse r;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        AgencyClient client =
            AgencyClient.open(
                runtime.transport(), dir.pkiDir(), agency, NationalCall.address(state))) {
      r =
          NationalCall.await(
              client.lookup(jimu, key, asOf, timeout.timeout(1)), timeout.timeout(1));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agency", "agency-" + agency);
    m.put("jimu", jimu);
    m.put("matches", r.getMatchesList().stream().map(ResidentOutput::identity).toList());
    m.put("replaced_by_code", r.getReplacedByCode());
    m.put("log_sequence", r.getLogSequence());
    emit(
        json,
        CommandResult.of(
            m,
            out -> {
              if (r.getMatchesCount() == 0) {
                out.println("該当なし (not found)");
                return;
              }
              if (!r.getReplacedByCode().isEmpty()) {
                out.println(
                    "住民票コード変更: the code asked for was replaced by " + r.getReplacedByCode());
              }
              out.printf(
                  "即時提供 to agency-%s for %s: %d match%s (provision log #%d)%n",
                  agency,
                  jimu,
                  r.getMatchesCount(),
                  r.getMatchesCount() == 1 ? "" : "es",
                  r.getLogSequence());
              for (IdentityInfo i : r.getMatchesList()) {
                out.println();
                ResidentOutput.printIdentity(out, i);
              }
            }));
    return r.getMatchesCount() == 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
