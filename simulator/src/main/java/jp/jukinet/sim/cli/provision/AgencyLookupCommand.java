package jp.jukinet.sim.cli.provision;

import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.cli.TimeoutMixin;
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

  @Mixin ProvisionKeyOptions key;

  @Override
  public Integer call() {
    String agency = parent.agencyId();
    ProvisionKey k = key.key();
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    SingleProvisionResponse r;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        AgencyClient client =
            AgencyClient.open(
                runtime.transport(), dir.pkiDir(), agency, NationalCall.address(state))) {
      r =
          NationalCall.await(
              client.lookup(jimu, k, key.asOf(), timeout.timeout(1)), timeout.timeout(1));
    }
    emit(json, LookupOutput.of("agency", "agency-" + agency, jimu, r));
    return r.getMatchesCount() == 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
