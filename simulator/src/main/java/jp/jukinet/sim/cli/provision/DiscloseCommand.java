package jp.jukinet.sim.cli.provision;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.DisclosureRequest;
import jp.jukinet.protocol.proto.DisclosureResponse;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CommandResult;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.cli.TimeoutMixin;
import jp.jukinet.sim.cli.cs.ResidentOutput;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.workload.NodeConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet disclose <住民票コード>}: 開示 — the person's own request, made to the national server
 * (機構) and carried there by the monitor: what is held about the person and every provision of it
 * (who, for which 事務, when, how), under each 住民票コード the person has had.
 */
@Command(
    name = "disclose",
    aliases = "開示",
    description = "開示: a person's 本人確認情報 and every provision of it, asked of the national server.")
public final class DiscloseCommand extends BaseCommand {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(IsoDates.JAPAN);

  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  @Mixin TimeoutMixin timeout;

  @Parameters(index = "0", paramLabel = "<住民票コード>")
  String code;

  @Option(
      names = "--request-method",
      defaultValue = "来所",
      description = "請求方法: 来所 or 郵送 (default: ${DEFAULT-VALUE}).")
  String requestMethod;

  @Option(
      names = "--receive-method",
      defaultValue = "来所",
      description = "受取方法: 来所 or 郵送 (default: ${DEFAULT-VALUE}).")
  String receiveMethod;

  @Override
  public Integer call() {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    Envelope.Builder request =
        Envelope.newBuilder()
            .setDisclosureRequest(
                DisclosureRequest.newBuilder()
                    .setJuminhyoCode(code)
                    .setRequestMethod(requestMethod)
                    .setReceiveMethod(receiveMethod));
    DisclosureResponse r;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        NodeConnections monitor =
            StatusCollector.monitorConnections(runtime.transport(), dir.pkiDir())) {
      r =
          NationalCall.await(
                  monitor.request(
                      PeerId.national(), NationalCall.address(state), request, timeout.timeout(1)),
                  timeout.timeout(1))
              .getDisclosureResponse();
    }
    List<Map<String, Object>> provisions =
        r.getProvisionsList().stream().map(DiscloseCommand::row).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identity", ResidentOutput.identity(r.getIdentity()));
    m.put("provisions", provisions);
    emit(
        json,
        CommandResult.of(
            m,
            out -> {
              out.println("開示: 本人確認情報");
              ResidentOutput.printIdentity(out, r.getIdentity());
              out.println();
              out.printf("提供状況: %d provisions%n", r.getProvisionsCount());
              out.printf(
                  "%-19s %-12s %-4s %-9s %-11s %s%n", "提供日時", "提供先", "事務", "提供方法", "住民票コード", "記録");
              for (ProvisionRecord p : r.getProvisionsList()) {
                out.printf(
                    "%-19s %-12s %-4s %-9s %-11s #%d%n",
                    WHEN.format(Instant.ofEpochMilli(p.getProvidedAtMillis())),
                    p.getRequester(),
                    p.getJimuCode(),
                    method(p),
                    p.getJuminhyoCode(),
                    p.getLogSequence());
              }
            }));
    return ExitCodes.OK;
  }

  private static Map<String, Object> row(ProvisionRecord p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provided_at", Instant.ofEpochMilli(p.getProvidedAtMillis()).toString());
    m.put("requester", p.getRequester());
    m.put("jimu", p.getJimuCode());
    m.put("method", method(p));
    m.put("request_id", p.getRequestId());
    m.put("juminhyo_code", p.getJuminhyoCode());
    m.put("log_sequence", p.getLogSequence());
    return m;
  }

  private static String method(ProvisionRecord p) {
    try {
      return AgencyRegistry.word(p.getMethod());
    } catch (IllegalArgumentException e) {
      return p.getMethod().name();
    }
  }
}
