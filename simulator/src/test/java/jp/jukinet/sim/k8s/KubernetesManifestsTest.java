package jp.jukinet.sim.k8s;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.testing.InProcessCli;
import jp.jukinet.sim.topology.NodeSpec;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.topology.TopologyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy k8s} end to end through the CLI: every rendered document parses back into the
 * fabric8 model, and the objects fit together (each upstream is a Service, each volume a Secret or
 * ConfigMap that exists, each Secret the node's own PKI share and never the CA's key).
 */
@Timeout(120)
class KubernetesManifestsTest {
  @TempDir Path tmp;

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Namespace", Namespace.class,
          "Service", Service.class,
          "ConfigMap", ConfigMap.class,
          "Secret", Secret.class,
          "StatefulSet", StatefulSet.class);

  @Test
  void smallTopologyRoundTrips() throws Exception {
    Rendered r = deploy("synthetic:1x2", "sim-1");
    assertEquals(1 + 4 * 4 + 2, r.count, "a namespace, four objects per node, topology, monitor");
    NodeResources cs = NodeResources.of(r.topology.nodes().get(2));
    NodeResources pref = NodeResources.of(r.topology.nodes().get(1));
    NodeResources national = NodeResources.of(r.topology.nodes().get(0));
    assertTrue(cs.memoryMiB() < pref.memoryMiB() && pref.memoryMiB() < national.memoryMiB());
  }

  @Test
  void yamanashiRoundTrips() throws Exception {
    Rendered r = deploy("yamanashi", "jukinet");
    assertEquals(29, r.topology.nodes().size());
    assertEquals(1 + 4 * 29 + 2, r.count);
  }

  @Test
  void withoutPkiIsInvalidInput() {
    InProcessCli run =
        jukinet(
            "deploy",
            "k8s",
            "--topology",
            "synthetic:1x1",
            "--pki",
            tmp.resolve("none").toString(),
            "--out",
            tmp.resolve("k8s").toString());
    assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.err());
    assertFalse(Files.exists(tmp.resolve("k8s")));
  }

  @Test
  void badNamespaceIsInvalidInput() throws Exception {
    InProcessCli run =
        jukinet(
            "deploy",
            "k8s",
            "--topology",
            "synthetic:1x1",
            "--pki",
            pki("synthetic:1x1"),
            "--namespace",
            "Not_A_Label",
            "--out",
            tmp.resolve("k8s").toString());
    assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.err());
    assertTrue(run.err().contains("Not_A_Label"), run.err());
  }

  private static InProcessCli jukinet(String... args) {
    return InProcessCli.run(args);
  }

  private String pki(String topology) {
    Path dir = tmp.resolve("pki");
    if (!Files.exists(dir.resolve("ca.pem"))) {
      InProcessCli init = jukinet("pki", "init", "--topology", topology, "--out", dir.toString());
      assertEquals(ExitCodes.OK, init.exitCode(), init.err());
    }
    return dir.toString();
  }

  record Rendered(Topology topology, int count) {}

  /** Renders {@code topology} through the CLI and checks everything it wrote. */
  private Rendered deploy(String topologyName, String namespace) throws Exception {
    String pkiDir = pki(topologyName);
    Path out = tmp.resolve("k8s");
    InProcessCli run =
        jukinet(
            "deploy",
            "k8s",
            "--topology",
            topologyName,
            "--pki",
            pkiDir,
            "--out",
            out.toString(),
            "--namespace",
            namespace,
            "--image",
            "registry.example/jukinet:1");
    assertEquals(ExitCodes.OK, run.exitCode(), run.err());

    Map<String, Map<String, HasMetadata>> byKind = new LinkedHashMap<>();
    int count = 0;
    try (MappingIterator<JsonNode> docs =
        KubernetesManifests.YAML
            .readerFor(JsonNode.class)
            .readValues(out.resolve("jukinet.yaml").toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        String kind = doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        assertNotNull(type, "unexpected kind " + kind);
        HasMetadata o = KubernetesManifests.YAML.treeToValue(doc, type);
        assertEquals( // as text: the model's long fields read back as ints
            doc.toString(),
            KubernetesManifests.YAML.valueToTree(o).toString(),
            "round trip of " + kind + " loses fields");
        if (!kind.equals("Namespace")) {
          assertEquals(namespace, o.getMetadata().getNamespace());
        }
        HasMetadata before =
            byKind
                .computeIfAbsent(kind, k -> new LinkedHashMap<>())
                .put(o.getMetadata().getName(), o);
        assertEquals(null, before, "duplicate " + kind + " " + o.getMetadata().getName());
        count++;
      }
    }
    assertEquals(Set.of(namespace), byKind.get("Namespace").keySet());

    Topology topology = Topologies.resolve(topologyName);
    Set<String> caKey =
        Set.of(Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(pkiDir, "ca.key"))));
    for (NodeSpec node : topology.nodes()) {
      checkNode(node, namespace, Path.of(pkiDir), byKind, caKey);
    }
    assertEquals(topology.nodes().size(), byKind.get("StatefulSet").size());
    checkTopologyFile(topology, namespace, byKind);
    for (String command : List.of("status", "verify")) {
      checkJob(
          out.resolve(command + "-job.yaml"), command, topology, Path.of(pkiDir), byKind, caKey);
    }
    return new Rendered(topology, count);
  }

  /** The CLI's topology file places the same nodes, each at its Service. */
  private static void checkTopologyFile(
      Topology topology, String namespace, Map<String, Map<String, HasMetadata>> byKind) {
    ConfigMap map =
        (ConfigMap) byKind.get("ConfigMap").get(KubernetesManifests.TOPOLOGY_CONFIG_MAP);
    Topology placed =
        TopologyFile.parse("cluster", map.getData().get(KubernetesManifests.TOPOLOGY_KEY));
    assertEquals(topology.nodes().size(), placed.nodes().size());
    for (NodeSpec node : topology.nodes()) {
      NodeSpec there = placed.node(node.id());
      assertEquals(node.name(), there.name());
      assertEquals(node.upstream(), there.upstream());
      assertEquals(node.population(), there.population());
      assertEquals(node.id().name() + "." + namespace + ".svc", there.listen().host());
      assertNotNull(byKind.get("Service").get(node.id().name()));
    }
  }

  /** A CLI Job: runs the command as the monitor against the topology file. */
  private static void checkJob(
      Path file,
      String command,
      Topology topology,
      Path pkiDir,
      Map<String, Map<String, HasMetadata>> byKind,
      Set<String> caKey)
      throws Exception {
    Job job = KubernetesManifests.YAML.readValue(file.toFile(), Job.class);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    List<String> cmd = pod.getContainers().get(0).getCommand();
    assertEquals(command, cmd.get(3));
    assertTrue(cmd.contains(KubernetesManifests.TOPOLOGY_FILE), cmd.toString());
    for (Volume v : pod.getVolumes()) {
      if (v.getSecret() != null) {
        Secret secret = (Secret) byKind.get("Secret").get(v.getSecret().getSecretName());
        assertNotNull(secret, "job volume names no Secret");
        for (KeyToPath item : v.getSecret().getItems()) {
          String data = secret.getData().get(item.getKey());
          assertFalse(caKey.contains(data));
          assertArrayEquals(
              Files.readAllBytes(pkiDir.resolve(item.getPath())), Base64.getDecoder().decode(data));
        }
        assertTrue(
            v.getSecret().getItems().stream()
                .anyMatch(i -> i.getPath().equals("nodes/" + topology.monitor().name() + ".key")));
      } else if (v.getConfigMap() != null) {
        assertNotNull(byKind.get("ConfigMap").get(v.getConfigMap().getName()));
      }
    }
  }

  private void checkNode(
      NodeSpec node,
      String namespace,
      Path pkiDir,
      Map<String, Map<String, HasMetadata>> byKind,
      Set<String> caKey)
      throws Exception {
    String name = node.id().name();
    StatefulSet set = (StatefulSet) byKind.get("StatefulSet").get(name);
    assertNotNull(set, "no StatefulSet for " + name);
    assertEquals(1, set.getSpec().getReplicas());
    Service service = (Service) byKind.get("Service").get(set.getSpec().getServiceName());
    assertNotNull(service, name + ": its serviceName is no Service");
    assertEquals("None", service.getSpec().getClusterIP());
    Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
    assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
    assertTrue(
        podLabels.entrySet().containsAll(set.getSpec().getSelector().getMatchLabels().entrySet()));

    PodSpec pod = set.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertEquals("registry.example/jukinet:1", c.getImage());
    assertEquals(KubernetesManifests.CONFIG_FILE, c.getCommand().get(c.getCommand().size() - 1));
    Map<String, Volume> volumes = new LinkedHashMap<>();
    pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
    Set<String> claims = new HashSet<>();
    set.getSpec().getVolumeClaimTemplates().forEach(p -> claims.add(p.getMetadata().getName()));
    Map<String, String> mounts = new LinkedHashMap<>();
    for (VolumeMount m : c.getVolumeMounts()) {
      assertTrue(
          volumes.containsKey(m.getName()) || claims.contains(m.getName()),
          name + ": mount " + m.getName());
      mounts.put(m.getMountPath(), m.getName());
    }
    Quantity storage =
        set.getSpec()
            .getVolumeClaimTemplates()
            .get(0)
            .getSpec()
            .getResources()
            .getRequests()
            .get("storage");
    assertEquals(NodeResources.of(node).storageGiB() + "Gi", storage.toString());
    assertEquals(KubernetesManifests.DATA_CLAIM, mounts.get(KubernetesManifests.DATA_DIR));

    // the config: a NodeConfig the node's main loads, dialling a Service that exists
    Volume config = volumes.get(mounts.get(KubernetesManifests.CONFIG_FILE));
    ConfigMap map = (ConfigMap) byKind.get("ConfigMap").get(config.getConfigMap().getName());
    assertNotNull(map, name + ": config volume names no ConfigMap");
    Path file = Files.writeString(tmp.resolve(name + ".yaml"), map.getData().get("config.yaml"));
    NodeConfig cfg = NodeConfig.load(file);
    assertEquals(node.id(), cfg.node());
    assertEquals(KubernetesManifests.PKI_DIR, cfg.pkiDir().toString());
    assertEquals(KubernetesManifests.DATA_DIR, cfg.dataDir().toString());
    if (node.upstream() != null) {
      String host = cfg.upstream().host();
      assertTrue(host.endsWith("." + namespace + ".svc"), host);
      Service upstream = (Service) byKind.get("Service").get(host.substring(0, host.indexOf('.')));
      assertNotNull(upstream, name + ": upstream " + host + " is no Service");
      assertEquals(
          node.upstream().name(),
          upstream.getSpec().getSelector().get(KubernetesManifests.NODE_LABEL));
      assertEquals(cfg.upstream().port(), upstream.getSpec().getPorts().get(0).getPort());
      assertEquals(node.upstream(), cfg.upstreamNode());
    }

    // the PKI: the node's own key and certificate, the CA certificate and the CRL, laid out as
    // NetworkPki reads them, never the CA's key
    Volume pkiVolume = volumes.get(mounts.get(KubernetesManifests.PKI_DIR));
    Secret secret = (Secret) byKind.get("Secret").get(pkiVolume.getSecret().getSecretName());
    assertNotNull(secret, name + ": pki volume names no Secret");
    List<String> paths = new ArrayList<>();
    for (KeyToPath item : pkiVolume.getSecret().getItems()) {
      String data = secret.getData().get(item.getKey());
      assertNotNull(data, name + ": secret has no " + item.getKey());
      assertFalse(caKey.contains(data), name + ": the CA key is in its secret");
      assertArrayEquals(
          Files.readAllBytes(pkiDir.resolve(item.getPath())), Base64.getDecoder().decode(data));
      paths.add(item.getPath());
    }
    NetworkPki pki = NetworkPki.open(pkiDir);
    assertEquals(
        List.of(
            pkiDir.relativize(pki.caFile()).toString(),
            pkiDir.relativize(pki.crlFile()).toString(),
            pkiDir.relativize(pki.certFile(node.id())).toString(),
            pkiDir.relativize(pki.keyFile(node.id())).toString()),
        paths);
    assertEquals(paths.size(), secret.getData().size());
    PeerId.parse(name); // the object name is the node's PeerId name
  }
}
