package jp.jukinet.sim.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.provision.LogVerifier;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.verify.ProvisionLogReader;
import jp.jukinet.sim.verify.VerifyException;
import jp.jukinet.sim.workload.NodeConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet verify-log}: reads a server's provision log as the monitor and verifies its hash
 * chain and seals with the node's certificate alone (docs/protocol.md §7.5).
 */
@Command(
    name = "verify-log",
    description =
        "Verify a server's provision log (提供記録): read every entry as the monitor, recompute the hash "
            + "chain and check every seal against the node's certificate in the run's PKI. The server seals "
            + "its newest entries before it serves them, so the whole log is proven. Exit 0 when no entry "
            + "was altered, removed, reordered or inserted; 1 (FAILURE) naming the first bad entry; 3 "
            + "(UNEXPECTED_STATE) when no network runs or the node did not answer.")
public final class VerifyLogCommand extends BaseCommand {
  @Mixin RunDirMixin runDir;

  @Option(
      names = "--node",
      defaultValue = "national",
      description = "The server whose log to verify (default: ${DEFAULT-VALUE}; or pref-<code>).")
  String node;

  @Mixin TimeoutMixin timeout;

  @Mixin JsonMixin json;

  /** What {@code --json} prints. */
  public record Report(
      String node,
      boolean ok,
      long entries,
      long sealedThrough,
      long unsealedTail,
      long firstBadSequence,
      String reason,
      long sealedAfterRestart,
      long firstSealedAfterRestart) {
    static Report of(String node, LogVerifier.Result r) {
      return new Report(
          node,
          r.ok(),
          r.entries(),
          r.sealedThrough(),
          r.unsealedTail(),
          r.firstBad(),
          r.reason(),
          r.sealedAfterRestart(),
          r.firstSealedAfterRestart());
    }

    void print(PrintWriter out) {
      if (ok) {
        out.printf(
            "%s: provision log verified: %d entries, sealed through %d%s%n",
            node,
            entries,
            sealedThrough,
            unsealedTail == 0 ? "" : " (" + unsealedTail + " newer entries not sealed yet)");
        if (sealedAfterRestart > 0) {
          out.printf(
              "%s: note: %d entries from %d were found unsealed when the server restarted and sealed"
                  + " then (after an unclean stop, or a change to its store while it was down)%n",
              node, sealedAfterRestart, firstSealedAfterRestart);
        }
      } else {
        out.printf(
            "%s: provision log FAILED at entry %d: %s (%d entries read)%n",
            node, firstBadSequence, reason, entries);
      }
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PeerId id = parseNode();
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    NetworkState.Node target =
        state.nodes().stream()
            .filter(n -> n.name().equals(id.name()))
            .findFirst()
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCodes.UNEXPECTED_STATE,
                        "node " + id + " is not in the network recorded in " + dir.root()));
    X509Certificate cert = certificate(dir, id);
    LogVerifier.Result result;
    Duration deadline = timeout.timeout(1);
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        NodeConnections connections =
            StatusCollector.monitorConnections(runtime.transport(), dir.pkiDir())) {
      result =
          new ProvisionLogReader(connections, deadline)
              .verify(id, new InetSocketAddress(target.host(), target.port()), cert.getPublicKey());
    } catch (VerifyException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    Report report = Report.of(id.name(), result);
    emit(json, CommandResult.of(report, report::print));
    return result.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private PeerId parseNode() {
    try {
      return PeerId.parse(node);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--node: " + e.getMessage());
    }
  }

  /** The node's certificate, checked against the network's CA. */
  private static X509Certificate certificate(RunDirectory dir, PeerId id) {
    try {
      return ProvisionLogReader.certificate(dir.pkiDir(), id);
    } catch (VerifyException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
  }
}
