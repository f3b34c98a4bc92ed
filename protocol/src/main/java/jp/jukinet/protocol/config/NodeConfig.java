package jp.jukinet.protocol.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import jp.jukinet.protocol.pki.PeerId;

/**
 * How to start one node: who it is, where it listens, where its data and PKI live, and which
 * upstream it dials. Read from a small YAML file, so a node can run as its own process anywhere:
 *
 * <pre>
 * node: cs-192015          # PeerId name
 * listen: 127.0.0.1:0      # host:port; port 0 picks a free one
 * data_dir: run/nodes/cs-192015/data
 * pki_dir: run/pki
 * upstream: 127.0.0.1:7101 # prefecture server for a CS, national server for a prefecture
 * upstream_node: pref-190004
 * port_file: run/nodes/cs-192015/port   # optional: the bound port is written here
 * </pre>
 */
public record NodeConfig(
    PeerId node,
    HostPort listen,
    Path dataDir,
    Path pkiDir,
    HostPort upstream,
    PeerId upstreamNode,
    Path portFile) {

  public NodeConfig {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(dataDir, "data_dir");
    Objects.requireNonNull(pkiDir, "pki_dir");
    if ((upstream == null) != (upstreamNode == null)) {
      throw new IllegalArgumentException(
          "node " + node + ": upstream and upstream_node go together");
    }
    switch (node.role()) {
      case NODE_ROLE_CS, NODE_ROLE_PREFECTURE -> {
        if (upstream == null) {
          throw new IllegalArgumentException(
              "node " + node + ": a " + PeerId.roleName(node.role()) + " needs an upstream");
        }
      }
      case NODE_ROLE_NATIONAL -> {
        if (upstream != null) {
          throw new IllegalArgumentException(
              "node " + node + ": the national server has no upstream");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "node " + node + ": only national, pref and cs nodes run from a config");
    }
  }

  /** Raw YAML shape; validated into a {@link NodeConfig}. */
  private record Raw(
      @JsonProperty("node") String node,
      @JsonProperty("listen") String listen,
      @JsonProperty("data_dir") String dataDir,
      @JsonProperty("pki_dir") String pkiDir,
      @JsonProperty("upstream") String upstream,
      @JsonProperty("upstream_node") String upstreamNode,
      @JsonProperty("port_file") String portFile) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static NodeConfig load(Path file) {
    Raw raw;
    try {
      raw = YAML.readValue(Files.readString(file), Raw.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read node config " + file + ": " + e.getMessage(), e);
    }
    if (raw == null
        || raw.node() == null
        || raw.listen() == null
        || raw.dataDir() == null
        || raw.pkiDir() == null) {
      throw new IllegalArgumentException(
          "node config " + file + ": node, listen, data_dir and pki_dir are required");
    }
    return new NodeConfig(
        PeerId.parse(raw.node()),
        HostPort.parse(raw.listen()),
        Path.of(raw.dataDir()),
        Path.of(raw.pkiDir()),
        raw.upstream() == null ? null : HostPort.parse(raw.upstream()),
        raw.upstreamNode() == null ? null : PeerId.parse(raw.upstreamNode()),
        raw.portFile() == null ? null : Path.of(raw.portFile()));
  }

  public void save(Path file) {
    StringBuilder sb = new StringBuilder();
    sb.append("node: ").append(node.name()).append('\n');
    sb.append("listen: \"").append(listen).append("\"\n");
    sb.append("data_dir: \"").append(dataDir).append("\"\n");
    sb.append("pki_dir: \"").append(pkiDir).append("\"\n");
    if (upstream != null) {
      sb.append("upstream: \"").append(upstream).append("\"\n");
      sb.append("upstream_node: ").append(upstreamNode.name()).append('\n');
    }
    if (portFile != null) {
      sb.append("port_file: \"").append(portFile).append("\"\n");
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
