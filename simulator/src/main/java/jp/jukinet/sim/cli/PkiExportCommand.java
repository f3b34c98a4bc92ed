package jp.jukinet.sim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.jukinet.sim.network.HostPkiBundle;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet pki export}: packs what one host of a network spread over hosts needs of the PKI
 * ({@link HostPkiBundle}), for {@code jukinet pki import} there.
 */
@Command(
    name = "export",
    description =
        "Pack what one host needs of the PKI into a zip for 'jukinet pki import' on that host: the"
            + " CA certificate, the CRL, each of its nodes' certificate and key, and the monitor's"
            + " (with which up, status and verify ask the nodes); never the CA's key.")
public final class PkiExportCommand extends BaseCommand {
  @Option(
      names = "--pki",
      defaultValue = "./jukinet-run/pki",
      description = "The PKI directory 'pki init' wrote (default: ${DEFAULT-VALUE}).")
  Path pkiDir;

  @Option(
      names = "--topology",
      required = true,
      description = "The topology file placing the nodes on hosts.")
  String topologyName;

  @Option(
      names = "--host",
      required = true,
      description = "The host (a listen address of the topology) to pack for.")
  String host;

  @Option(names = "--out", required = true, description = "The zip file to write.")
  Path out;

  @Mixin JsonMixin json;

  /** What export prints. */
  public record Result(String file, String host, List<String> entries) implements CommandResult {
    @Override
    public String text() {
      return String.format(
          "jukinet pki export: %d files for host %s written to %s; on that host: jukinet pki"
              + " import %s%n",
          entries.size(), host, file, file);
    }
  }

  @Override
  public Integer call() {
    Topology topology = InvalidInputException.parsing(() -> Topologies.resolve(topologyName));
    if (!Files.exists(pkiDir.resolve("ca.pem"))) {
      throw new InvalidInputException(pkiDir.toAbsolutePath() + " holds no PKI (no ca.pem)");
    }
    List<String> entries;
    try {
      entries = HostPkiBundle.export(pkiDir, topology, host, out);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    emit(json, new Result(out.toAbsolutePath().toString(), host, entries));
    return ExitCodes.OK;
  }
}
