package jp.jukinet.protocol.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * calendar_start: "2020-04-01T00:00:00Z"    # optional, the three together: the network's
 * calendar_anchor: "2026-11-29T10:00:00Z"   # simulated calendar (SimulatedCalendar); without
 * calendar_rate: 86400                      # them domain time is the wall clock
 * </pre>
 */
public record NodeConfig(
    PeerId node,
    HostPort listen,
    Path dataDir,
    Path pkiDir,
    HostPort upstream,
    PeerId upstreamNode,
    Path portFile,
    SimulatedCalendar calendar) {

  /** A node on the wall clock. */
  public NodeConfig(
      PeerId node,
      HostPort listen,
      Path dataDir,
      Path pkiDir,
      HostPort upstream,
      PeerId upstreamNode,
      Path portFile) {
    this(node, listen, dataDir, pkiDir, upstream, upstreamNode, portFile, null);
  }

  /**
   * The clock of domain time: the network's simulated calendar on {@code real}, or {@code real}.
   */
  public Clock calendar(Clock real) {
    return calendar == null ? real : calendar.clock(real);
  }

  /** This config on {@code calendar} (null: the wall clock). */
  public NodeConfig withCalendar(SimulatedCalendar calendar) {
    return new NodeConfig(
        node, listen, dataDir, pkiDir, upstream, upstreamNode, portFile, calendar);
  }

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
      @JsonProperty("port_file") String portFile,
      @JsonProperty("calendar_start") String calendarStart,
      @JsonProperty("calendar_anchor") String calendarAnchor,
      @JsonProperty("calendar_rate") Double calendarRate) {}

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
        raw.portFile() == null ? null : Path.of(raw.portFile()),
        calendar(file, raw));
  }

  private static SimulatedCalendar calendar(Path file, Raw raw) {
    int given =
        (raw.calendarStart() == null ? 0 : 1)
            + (raw.calendarAnchor() == null ? 0 : 1)
            + (raw.calendarRate() == null ? 0 : 1);
    if (given == 0) {
      return null;
    }
    if (given != 3) {
      throw new IllegalArgumentException(
          "node config "
              + file
              + ": calendar_start, calendar_anchor and calendar_rate go together");
    }
    try {
      return new SimulatedCalendar(
          Instant.parse(raw.calendarStart()),
          Instant.parse(raw.calendarAnchor()),
          raw.calendarRate());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "node config "
              + file
              + ": calendar_start and calendar_anchor must be instants: "
              + e.getMessage());
    }
  }

  public void save(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, toYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML {@link #load} reads back. */
  public String toYaml() {
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
    if (calendar != null) {
      sb.append("calendar_start: \"").append(calendar.start()).append("\"\n");
      sb.append("calendar_anchor: \"").append(calendar.anchor()).append("\"\n");
      sb.append("calendar_rate: ").append(calendar.rate()).append('\n');
    }
    return sb.toString();
  }
}
