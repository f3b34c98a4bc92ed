package jp.jukinet.sim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet pki init}: a CA and one certificate per node, agency, operator, terminal and
 * monitor.
 */
@Command(
    name = "init",
    description = "Generate a CA and a certificate for every subject of a topology.")
public final class PkiInitCommand extends BaseCommand {
  @Option(
      names = "--topology",
      required = true,
      description = "yamanashi, japan, synthetic:PxM or a topology file.")
  String topologyName;

  @Option(
      names = "--out",
      required = true,
      description = "Directory to write the PKI to (must not hold one).")
  Path out;

  @Option(
      names = "--validity",
      defaultValue = "365d",
      converter = DurationConverter.class,
      description = "Certificate validity (default: ${DEFAULT-VALUE}).")
  Duration validity;

  @Mixin JsonMixin json;

  /** What init prints. */
  public record Result(String dir, String topology, int certificates) implements CommandResult {
    @Override
    public String text() {
      return String.format(
          "jukinet pki init: CA and %d certificates for %s written to %s%n",
          certificates, topology, dir);
    }
  }

  @Override
  public Integer call() {
    Topology topology = InvalidInputException.parsing(() -> Topologies.resolve(topologyName));
    if (Files.exists(out.resolve("ca.pem"))) {
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE,
          out.toAbsolutePath()
              + " already holds a PKI (ca.pem); "
              + "choose another --out or remove it");
    }
    if (validity.isZero() || validity.isNegative()) {
      throw new InvalidInputException("--validity " + validity + " must be positive");
    }
    NetworkPki pki = NetworkPki.init(out, topology.allSubjects(), validity);
    emit(json, new Result(out.toAbsolutePath().toString(), topologyName, pki.list().size()));
    return ExitCodes.OK;
  }
}
