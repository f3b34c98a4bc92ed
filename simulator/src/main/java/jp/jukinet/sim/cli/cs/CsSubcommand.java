package jp.jukinet.sim.cli.cs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.DurationConverter;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.workload.OperatorClient;
import jp.jukinet.sim.workload.OperatorException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What every {@code jukinet cs <code> …} subcommand shares: the run directory, {@code --json},
 * {@code --timeout}, and one request to the CS over a TLS connection made with the operator
 * certificate. The CS's address comes from the run directory's state file; the CS's own files are
 * never opened.
 */
abstract class CsSubcommand extends BaseCommand {
  @ParentCommand CsCommand parent;

  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  @Option(
      names = "--timeout",
      defaultValue = "40s",
      converter = DurationConverter.class,
      description =
          "Deadline for the CS's answer, connection included; when it passes, the CS is named and the "
              + "exit code is 3 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The request this subcommand sends. */
  abstract Envelope.Builder request(LocalGovernmentCode cs);

  /** Prints the answer; returns the exit code. */
  abstract int print(Envelope response);

  @Override
  public Integer call() {
    LocalGovernmentCode cs = InvalidInputException.parsing(parent::municipality);
    Envelope.Builder request = InvalidInputException.parsing(() -> request(cs));
    return print(send(cs, request));
  }

  private Envelope send(LocalGovernmentCode cs, Envelope.Builder request) {
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    PeerId node = PeerId.cs(cs.value());
    InetSocketAddress address = runDir.nodeAddress(state, node);
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        OperatorClient operator =
            new OperatorClient(runtime.transport(), dir.pkiDir(), Map.of(node, address), timeout)) {
      return operator.call(cs, request);
    } catch (RemoteErrorException r) {
      int exit =
          r.code() == ErrorCode.ERROR_CODE_INVALID_REQUEST
              ? ExitCodes.INVALID_INPUT
              : ExitCodes.FAILURE;
      throw new CliException(exit, r.getMessage());
    } catch (OperatorException e) {
      boolean silent =
          e.kind() == OperatorException.Kind.UNREACHABLE
              || e.kind() == OperatorException.Kind.NO_ANSWER;
      throw new CliException(
          silent ? ExitCodes.UNEXPECTED_STATE : ExitCodes.FAILURE,
          e.getMessage()
              + (e.kind() == OperatorException.Kind.NO_ANSWER
                      && !(this instanceof CsQueries.QueryCommand)
                  ? " (whether the operation was recorded is unknown)"
                  : ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "interrupted");
    }
  }
}
