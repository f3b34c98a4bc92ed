package jp.jukinet.sim.cli.term;

import java.net.InetSocketAddress;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.cli.TimeoutMixin;
import jp.jukinet.sim.cli.provision.LookupOutput;
import jp.jukinet.sim.cli.provision.NationalCall;
import jp.jukinet.sim.cli.provision.ProvisionKeyOptions;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.NodeConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jukinet term <prefecture> lookup}: one 即時提供 from the prefecture server to its 業務端末 ({@code
 * term-<code>-01}, its certificate of the run directory), for a 事務 of the prefecture's registry, by
 * 住民票コード or 4情報. 個人番号 is excluded from prefectural use: the server refuses it as a key
 * (INVALID_REQUEST) and leaves it out of every answer.
 */
@Command(
    name = "lookup",
    aliases = "検索",
    description =
        "Look a person up for a 事務 of the prefecture (its code, e.g. H5-02), by --code or by --name with "
            + "--birth-date. Not found exits 1; a refusal prints the server's Error (PURPOSE_NOT_ALLOWED names "
            + "the rule) and exits 1.")
final class TermLookupCommand extends BaseCommand {
  @ParentCommand TermCommand parent;

  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  @Mixin TimeoutMixin timeout;

  @Option(
      names = "--jimu",
      required = true,
      description = "The prefecture's 事務 (H5-02, C-06 …; see the prefecture-use report).")
  String jimu;

  @Mixin ProvisionKeyOptions key;

  @Override
  public Integer call() {
    Prefecture p = InvalidInputException.parsing(parent::prefecture);
    PeerId server = PeerId.prefecture(p.code6().value());
    PeerId terminal = Topology.prefTerminalOf(server);
    SingleProvisionRequest.Builder request =
        SingleProvisionRequest.newBuilder().setJimuCode(jimu).setKey(key.key());
    if (key.asOf() != null) {
      request.setAsOfDate(key.asOf());
    }
    RunDirectory dir = runDir.runDirectory();
    InetSocketAddress address = runDir.nodeAddress(runDir.recordedState(), server);
    SingleProvisionResponse r;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        NodeConnections connections =
            NodeConnections.as(
                runtime.transport(),
                TransportSettings.defaults(),
                NodeTls.load(dir.pkiDir(), terminal))) {
      r =
          NationalCall.await(
                  connections.request(
                      server,
                      address,
                      Envelope.newBuilder().setSingleProvisionRequest(request),
                      timeout.timeout(1)),
                  timeout.timeout(1),
                  server)
              .getSingleProvisionResponse();
    }
    emit(json, LookupOutput.of("terminal", terminal.name(), jimu, r));
    return r.getMatchesCount() == 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
