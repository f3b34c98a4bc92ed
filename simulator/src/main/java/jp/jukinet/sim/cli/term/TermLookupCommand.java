package jp.jukinet.sim.cli.term;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.DurationConverter;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.cli.cs.ResidentOutput;
import jp.jukinet.sim.cli.cs.SexConverter;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.NodeConnections;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jukinet term <prefecture> lookup}: one 即時提供 from the prefecture server to its 業務端末, by
 * 住民票コード or 4情報 (個人番号 is excluded from prefectural use and is refused), for a 事務 of the
 * prefecture's registry; connected with the terminal's certificate of the run directory.
 */
@Command(
    name = "lookup",
    aliases = "検索",
    description =
        "Look a person up for a 事務 of the prefecture (its code, e.g. H5-02), by 住民票コード or by name and "
            + "birth date. Exit 0 when found, 1 when not found or refused (PURPOSE_NOT_ALLOWED names the rule).")
final class TermLookupCommand extends BaseCommand {
  @ParentCommand TermCommand parent;

  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  @Option(names = "--jimu", required = true, paramLabel = "<code>", description = "The 事務 code.")
  String jimu;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Key key;

  static final class Key {
    @Option(names = "--code", paramLabel = "<住民票コード>")
    String code;

    @Option(
        names = "--number",
        paramLabel = "<個人番号>",
        description = "Refused by the prefecture server: 個人番号 is excluded (法第30条の15).")
    String number;

    @ArgGroup(exclusive = false)
    Four four;
  }

  static final class Four {
    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--birth-date", required = true, paramLabel = "<YYYY-MM-DD>")
    String birthDate;

    @Option(names = "--sex", converter = SexConverter.class, description = "M, F (narrows)")
    Sex sex;

    @Option(names = "--address", description = "Narrows the matches.")
    String address;
  }

  @Option(
      names = "--as-of",
      paramLabel = "<YYYY-MM-DD>",
      description = "The record as of this date.")
  String asOf;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Deadline for the answer, connection included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  SingleProvisionRequest request() {
    ProvisionKey.Builder k = ProvisionKey.newBuilder();
    if (key.code != null) {
      k.setJuminhyoCode(key.code);
    } else if (key.number != null) {
      k.setIndividualNumber(key.number);
    } else {
      FourItems.Builder f =
          FourItems.newBuilder().setName(key.four.name).setBirthDate(key.four.birthDate);
      if (key.four.sex != null) {
        f.setSex(key.four.sex);
      }
      if (key.four.address != null) {
        f.setAddress(key.four.address);
      }
      k.setFourItems(f);
    }
    SingleProvisionRequest.Builder r =
        SingleProvisionRequest.newBuilder().setJimuCode(jimu).setKey(k);
    if (asOf != null) {
      r.setAsOfDate(asOf);
    }
    return r.build();
  }

  @Override
  public Integer call() throws InterruptedException {
    Prefecture p = InvalidInputException.parsing(parent::prefecture);
    PeerId server = PeerId.prefecture(p.code6().value());
    PeerId terminal = Topology.prefTerminalOf(server);
    RunDirectory dir = runDir.runDirectory();
    InetSocketAddress address = runDir.nodeAddress(runDir.recordedState(), server);
    SingleProvisionResponse r;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        NodeConnections connections =
            NodeConnections.as(
                runtime.transport(),
                TransportSettings.defaults(),
                NodeTls.load(dir.pkiDir(), terminal))) {
      Envelope response =
          connections
              .request(
                  server,
                  address,
                  Envelope.newBuilder().setSingleProvisionRequest(request()),
                  timeout)
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      if (!response.hasSingleProvisionResponse()) {
        throw new CliException(
            ExitCodes.FAILURE,
            server + " answered " + response.getBodyCase() + " to single_provision_request");
      }
      r = response.getSingleProvisionResponse();
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      if (cause instanceof RemoteErrorException re) {
        throw new CliException(
            re.code() == ErrorCode.ERROR_CODE_INVALID_REQUEST
                ? ExitCodes.INVALID_INPUT
                : ExitCodes.FAILURE,
            re.getMessage());
      }
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE,
          "cannot reach "
              + server
              + " at "
              + address
              + ": "
              + (cause.getMessage() == null ? cause : cause.getMessage()));
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE, "no answer from " + server + " within " + timeout);
    }
    print(terminal, r);
    return r.getMatchesCount() == 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private void print(PeerId terminal, SingleProvisionResponse r) {
    if (json.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("terminal", terminal.name());
      m.put("jimu_code", jimu);
      m.put("matches", r.getMatchesList().stream().map(ResidentOutput::identity).toList());
      m.put("replaced_by_code", r.getReplacedByCode());
      m.put("log_sequence", r.getLogSequence());
      printJson(m);
      return;
    }
    if (r.getMatchesCount() == 0) {
      out().println("該当なし (not found)");
    }
    if (!r.getReplacedByCode().isEmpty()) {
      out().println("住民票コード変更: now " + r.getReplacedByCode());
    }
    r.getMatchesList()
        .forEach(
            i -> {
              ResidentOutput.printIdentity(out(), i);
              out().println();
            });
    out()
        .println(
            "提供記録 (provision log entry) " + r.getLogSequence() + ", 事務 " + jimu + ", " + terminal);
    out().flush();
  }
}
