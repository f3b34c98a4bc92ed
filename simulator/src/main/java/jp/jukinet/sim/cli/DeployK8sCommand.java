package jp.jukinet.sim.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.jukinet.sim.k8s.KubernetesManifests;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet deploy k8s}: writes the Kubernetes manifests of a topology (see {@link
 * KubernetesManifests}) to one file for {@code kubectl apply -f}, and a Job per {@link #JOBS}
 * command that runs the CLI in the cluster. Renders only; applies nothing.
 */
@Command(
    name = "k8s",
    description =
        "Write Kubernetes manifests for a topology: per node a StatefulSet with a data volume, a"
            + " headless Service, its config in a ConfigMap and its PKI share in a Secret.")
public final class DeployK8sCommand extends BaseCommand {
  static final String FILE = "jukinet.yaml";

  @Option(
      names = "--topology",
      required = true,
      description = "yamanashi, japan, synthetic:PxM or a topology file.")
  String topologyName;

  @Mixin PkiDirMixin pki;

  @Option(
      names = "--out",
      defaultValue = "k8s",
      description = "Directory to write " + FILE + " to (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--namespace",
      defaultValue = "jukinet",
      description = "Namespace of every object (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--image",
      defaultValue = "jukinet:latest",
      description =
          "Container image holding the simulator jar at "
              + KubernetesManifests.JAR
              + " (default: ${DEFAULT-VALUE}).")
  String image;

  @Mixin JsonMixin json;

  /** What deploy k8s prints. */
  public record Result(String file, String topology, String namespace, int nodes, int objects)
      implements CommandResult {
    @Override
    public String text() {
      return String.format(
          "jukinet deploy k8s: %d objects for %d nodes of %s in namespace %s written to %s%n"
              + "  apply with: kubectl apply -f %s%n"
              + "  then ask the network with: kubectl create -f status-job.yaml (or verify-job.yaml)"
              + " from the same directory%n",
          objects, nodes, topology, namespace, file, file);
    }
  }

  /** The CLI commands rendered as Jobs, each to {@code <command>-job.yaml}. */
  static final List<String> JOBS = List.of("status", "verify");

  private static void write(Path file, List<? extends HasMetadata> objects) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, KubernetesManifests.toYaml(objects));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Integer call() {
    Topology topology = InvalidInputException.parsing(() -> Topologies.resolve(topologyName));
    KubernetesManifests manifests =
        InvalidInputException.parsing(() -> new KubernetesManifests(topology, namespace, image));
    pki.open(); // a clear error when --pki holds no PKI
    List<HasMetadata> objects;
    try {
      objects = manifests.objects(pki.path());
    } catch (IllegalStateException e) {
      throw new InvalidInputException(e.getMessage());
    }
    Path file = out.resolve(FILE);
    write(file, objects);
    for (String command : JOBS) {
      write(
          out.resolve(command + "-job.yaml"),
          List.of(manifests.cliJob("jukinet-" + command, command)));
    }
    emit(
        json,
        new Result(
            file.toAbsolutePath().toString(),
            topologyName,
            namespace,
            topology.nodes().size(),
            objects.size()));
    return ExitCodes.OK;
  }
}
