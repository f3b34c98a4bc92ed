package jp.jukinet.sim.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.network.ProcessLauncher;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topology;

/**
 * The Kubernetes objects that run a topology: per node a headless Service (its stable DNS name), a
 * ConfigMap with its {@code config.yaml}, a Secret with its PKI share (its key and certificate, the
 * CA certificate and the CRL; never the CA's key) and a one-replica StatefulSet whose volume claim
 * holds its RocksDB data. Every node listens on {@link #PORT} in its own pod and dials its upstream
 * by the upstream's Service name.
 */
public final class KubernetesManifests {
  /** The port every node listens on; each pod has its own address, so one port serves all. */
  public static final int PORT = 7000;

  public static final String CONFIG_FILE = "/etc/jukinet/config.yaml";
  public static final String PKI_DIR = "/etc/jukinet/pki";
  public static final String DATA_DIR = "/var/lib/jukinet/data";
  public static final String JAR = "/opt/jukinet/jukinet.jar";
  static final String NODE_LABEL = "jukinet.jp/node";

  /** The labels of the objects that belong to the whole network rather than one node. */
  private static final Map<String, String> NETWORK_LABELS =
      Map.of("app.kubernetes.io/name", "jukinet");

  static final String CONFIG_KEY = "config.yaml";
  static final String DATA_CLAIM = "data";

  /** The user (and group) the image runs as: the Dockerfile creates it. */
  public static final long USER = 10001;

  static final String TOPOLOGY_CONFIG_MAP = "jukinet-topology";
  static final String TOPOLOGY_KEY = "topology.yaml";
  public static final String TOPOLOGY_FILE = "/etc/jukinet/topology.yaml";
  public static final String CLI_RUN_DIR = "/var/run/jukinet";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final Topology topology;
  private final String namespace;
  private final String image;

  public KubernetesManifests(Topology topology, String namespace, String image) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.image = Objects.requireNonNull(image, "image");
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace '" + namespace + "' is not a DNS label (a-z, 0-9, '-', at most 63)");
    }
    if (image.isBlank()) {
      throw new IllegalArgumentException("image is empty");
    }
  }

  /** The Service (and StatefulSet, ConfigMap) name of a node: its PeerId name. */
  public static String serviceName(PeerId node) {
    return node.name();
  }

  /** The Secret holding a node's PKI share. */
  public static String secretName(PeerId node) {
    return node.name() + "-pki";
  }

  /** The ConfigMap holding a node's config.yaml. */
  public static String configMapName(PeerId node) {
    return node.name() + "-config";
  }

  /** Where peers in the cluster reach {@code node}. */
  public HostPort address(PeerId node) {
    return new HostPort(serviceName(node) + "." + namespace + ".svc", PORT);
  }

  /**
   * Every object, the Namespace first, then per node (national first, as the topology lists them).
   *
   * @param pki the PKI directory the secrets are read from ({@code pki init} for this topology)
   * @throws IllegalStateException when a file a node needs is missing from {@code pki}
   */
  public List<HasMetadata> objects(Path pki) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(namespace());
    for (NodeSpec node : topology.nodes()) {
      objects.add(service(node));
      objects.add(configMap(node));
      objects.add(secret(node.id(), labels(node), pki));
      objects.add(statefulSet(node));
    }
    objects.add(topologyConfigMap());
    objects.add(secret(topology.monitor(), NETWORK_LABELS, pki));
    return objects;
  }

  private Namespace namespace() {
    return new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build();
  }

  private ObjectMeta metadata(String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .build();
  }

  private Map<String, String> labels(NodeSpec node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.putAll(NETWORK_LABELS);
    labels.put("app.kubernetes.io/component", PeerId.roleName(node.id().role()));
    labels.put(NODE_LABEL, node.id().name());
    return labels;
  }

  /** Headless: the name resolves to the pod; ready or not, so a peer can dial it at start. */
  Service service(NodeSpec node) {
    return new ServiceBuilder()
        .withMetadata(metadata(serviceName(node.id()), labels(node)))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Map.of(NODE_LABEL, node.id().name()))
        .addNewPort()
        .withName("jukinet")
        .withPort(PORT)
        .withNewTargetPort(PORT)
        .endPort()
        .endSpec()
        .build();
  }

  /** The node's NodeConfig: listening on every address of its pod, dialling its upstream's name. */
  public NodeConfig nodeConfig(NodeSpec node) {
    return new NodeConfig(
        node.id(),
        new HostPort("0.0.0.0", PORT),
        Path.of(DATA_DIR),
        Path.of(PKI_DIR),
        node.upstream() == null ? null : address(node.upstream()),
        node.upstream(),
        null);
  }

  ConfigMap configMap(NodeSpec node) {
    return new ConfigMapBuilder()
        .withMetadata(metadata(configMapName(node.id()), labels(node)))
        .withData(Map.of(CONFIG_KEY, nodeConfig(node).toYaml()))
        .build();
  }

  /** Keys are flat (a Secret's keys hold no '/'); the volume maps them to the PKI layout. */
  Secret secret(PeerId subject, Map<String, String> labels, Path pkiDir) {
    Map<String, String> data = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pkiFiles(subject).entrySet()) {
      data.put(e.getKey(), base64(pkiDir.resolve(e.getValue())));
    }
    return new SecretBuilder()
        .withMetadata(metadata(secretName(subject), labels))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** Secret key → path under the PKI directory, as {@link NetworkPki} lays it out. */
  static Map<String, String> pkiFiles(PeerId node) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("ca.pem", "ca.pem");
    files.put("crl.pem", "crl.pem");
    files.put("node.pem", "nodes/" + node.name() + ".pem");
    files.put("node.key", "nodes/" + node.name() + ".key");
    return files;
  }

  private static String base64(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " is missing: run 'jukinet pki init' for this topology first");
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StatefulSet statefulSet(NodeSpec node) {
    NodeResources r = NodeResources.of(node);
    Quantity cpu = new Quantity(r.cpuMillis() + "m");
    Quantity memory = new Quantity(r.memoryMiB() + "Mi");
    List<KeyToPath> items = new ArrayList<>();
    pkiFiles(node.id())
        .forEach(
            (key, path) -> items.add(new KeyToPathBuilder().withKey(key).withPath(path).build()));
    return new StatefulSetBuilder()
        .withMetadata(metadata(serviceName(node.id()), labels(node)))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(serviceName(node.id()))
        .withNewSelector()
        .withMatchLabels(Map.of(NODE_LABEL, node.id().name()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(node))
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(securityContext())
        .addNewContainer()
        .withName("node")
        .withImage(image)
        .withCommand(
            "java",
            "-XX:MaxRAMPercentage=75",
            // as the launcher starts a node: out of memory exits (and the pod restarts), logs
            // go to stdout (kubectl logs)
            "-XX:+ExitOnOutOfMemoryError",
            "-Dlogback.configurationFile=logback-node.xml",
            "-cp",
            JAR,
            ProcessLauncher.mainClass(node.id()),
            CONFIG_FILE)
        .addNewPort()
        .withName("jukinet")
        .withContainerPort(PORT)
        .endPort()
        .withNewResources()
        .withRequests(new TreeMap<>(Map.of("cpu", cpu, "memory", memory)))
        .withLimits(Map.of("memory", memory))
        .endResources()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(CONFIG_FILE)
        .withSubPath(CONFIG_KEY)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("pki")
        .withMountPath(PKI_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(DATA_CLAIM)
        .withMountPath(DATA_DIR)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(configMapName(node.id()))
        .endConfigMap()
        .endVolume()
        .addToVolumes(pkiVolume(node.id()))
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName(DATA_CLAIM)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(r.storageGiB() + "Gi")))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  /**
   * Runs as {@link #USER} (the Dockerfile's), its group owning the data volume and the PKI files,
   * so nothing runs as root.
   */
  static PodSecurityContext securityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER)
        .withRunAsGroup(USER)
        .withFsGroup(USER)
        .build();
  }

  /**
   * A subject's Secret as a volume laid out like a PKI directory, readable by the pod's group
   * ({@link #securityContext}).
   */
  private static Volume pkiVolume(PeerId subject) {
    List<KeyToPath> items = new ArrayList<>();
    pkiFiles(subject)
        .forEach(
            (key, path) -> items.add(new KeyToPathBuilder().withKey(key).withPath(path).build()));
    return new VolumeBuilder()
        .withName("pki")
        .withNewSecret()
        .withSecretName(secretName(subject))
        .withDefaultMode(0440)
        .withItems(items)
        .endSecret()
        .build();
  }

  /** The ConfigMap with the topology file placing every node at its Service address. */
  ConfigMap topologyConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(metadata(TOPOLOGY_CONFIG_MAP, NETWORK_LABELS))
        .withData(Map.of(TOPOLOGY_KEY, ClusterTopology.yaml(topology, this::address)))
        .build();
  }

  /**
   * A Job running the CLI inside the cluster as the monitor, against the topology file: {@code
   * jukinet <args> --topology <file> --dir <run dir>}, e.g. {@code status} or {@code verify}. The
   * run directory is scratch space holding the monitor's PKI share.
   */
  public Job cliJob(String name, String... args) {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR));
    command.addAll(List.of(args));
    command.addAll(List.of("--topology", TOPOLOGY_FILE, "--dir", CLI_RUN_DIR));
    return new JobBuilder()
        .withMetadata(metadata(name, NETWORK_LABELS))
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withSecurityContext(securityContext())
        .addNewContainer()
        .withName("cli")
        .withImage(image)
        .withCommand(command)
        .addNewVolumeMount()
        .withName("run")
        .withMountPath(CLI_RUN_DIR)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("pki")
        .withMountPath(CLI_RUN_DIR + "/pki")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("topology")
        .withMountPath(TOPOLOGY_FILE)
        .withSubPath(TOPOLOGY_KEY)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addToVolumes(pkiVolume(topology.monitor()))
        .addNewVolume()
        .withName("topology")
        .withNewConfigMap()
        .withName(TOPOLOGY_CONFIG_MAP)
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** YAML for {@code kubectl apply -f}: the objects as one multi-document stream. */
  public static String toYaml(List<? extends HasMetadata> objects) {
    StringBuilder sb = new StringBuilder();
    try {
      for (HasMetadata o : objects) {
        sb.append(YAML.writeValueAsString(o));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  // codes like "190004" stay text
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
}
