package jp.jukinet.sim.cli.agency;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The agency a subcommand of {@code agency <id>} acts as, and its connection to the national
 * server.
 */
final class AgencyLink {
  private AgencyLink() {}

  /** The {@code <id>} of the enclosing {@code agency} command, as a peer. */
  static PeerId agency(CommandSpec spec) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      if (s.name().equals("agency") && !s.positionalParameters().isEmpty()) {
        String id = s.positionalParameters().get(0).getValue();
        String code = id.startsWith("agency-") ? id.substring("agency-".length()) : id;
        if (!code.matches("A[0-9]{2}")) {
          throw new InvalidInputException("agency '" + id + "' is not A01..A32 (or agency-A01)");
        }
        return new PeerId(NodeRole.NODE_ROLE_AGENCY, code);
      }
    }
    throw new IllegalStateException(spec.name() + " is not under an agency command");
  }

  /** Connects {@code agency} to the national server of the recorded network. */
  static Connection connect(
      NodeRuntime runtime,
      RunDirectory dir,
      NetworkState state,
      PeerId agency,
      long timeoutMillis) {
    NetworkState.Node n =
        state.nodes().stream()
            .filter(x -> x.id().equals(PeerId.national()))
            .findFirst()
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCodes.UNEXPECTED_STATE, "the network has no national server"));
    if (n.port() <= 0) {
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE, "the national server has not published its port yet");
    }
    NodeTls tls;
    try {
      tls = NodeTls.load(dir.pkiDir(), agency);
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "no certificate for " + agency + " in " + dir.pkiDir() + ": " + e.getMessage(), e);
    }
    try {
      return TransportClient.connect(
              runtime.transport(),
              tls,
              agency,
              PeerId.national(),
              new InetSocketAddress(n.host(), n.port()),
              new EnvelopeHandler() {
                @Override
                public void onEnvelope(Connection c, jp.jukinet.protocol.proto.Envelope e) {}
              },
              TransportSettings.defaults())
          .get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE,
          "cannot connect "
              + agency
              + " to the national server at "
              + n.host()
              + ":"
              + n.port()
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "interrupted");
    }
  }
}
