package jp.jukinet.sim.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.status.Json;

/**
 * The layout of a run directory:
 *
 * <pre>
 * &lt;dir&gt;/pki/                      the network's CA, certificates, keys and CRL
 * &lt;dir&gt;/nodes/&lt;name&gt;/config.yaml  the node's config
 * &lt;dir&gt;/nodes/&lt;name&gt;/data/        the node's database (kept by down)
 * &lt;dir&gt;/store/                    every node's data in one database, in-JVM above 64 nodes
 * &lt;dir&gt;/nodes/&lt;name&gt;/port         the port the node bound, written once it listens
 * &lt;dir&gt;/nodes/&lt;name&gt;/node.log     the node's log
 * &lt;dir&gt;/nodes/&lt;name&gt;/pid          "pid start-millis", written by the node process itself
 * &lt;dir&gt;/host.log                  the in-JVM host's own output
 * &lt;dir&gt;/host.pid                  "pid start-millis" of the in-JVM host, written by itself
 * &lt;dir&gt;/state.json                what up started (removed by down)
 * </pre>
 */
public final class RunDirectory {
  private final Path root;

  public RunDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path pkiDir() {
    return root.resolve("pki");
  }

  public boolean hasPki() {
    return Files.exists(pkiDir().resolve("ca.pem"));
  }

  public Path nodeDir(PeerId node) {
    return root.resolve("nodes").resolve(node.name());
  }

  public Path configFile(PeerId node) {
    return nodeDir(node).resolve("config.yaml");
  }

  public Path dataDir(PeerId node) {
    return nodeDir(node).resolve("data");
  }

  /** Where an in-JVM host of a large network keeps every node's data, in one database. */
  public Path sharedStoreDir() {
    return root.resolve("store");
  }

  public Path portFile(PeerId node) {
    return nodeDir(node).resolve("port");
  }

  public Path logFile(PeerId node) {
    return nodeDir(node).resolve("node.log");
  }

  /** Where a node process records itself ({@code NodeMain.PID_FILE_PROPERTY}). */
  public Path pidFile(PeerId node) {
    return nodeDir(node).resolve("pid");
  }

  /** Where the in-JVM host records itself. */
  public Path hostPidFile() {
    return root.resolve("host.pid");
  }

  public Path hostLog() {
    return root.resolve("host.log");
  }

  /** The network's simulated calendar, when it has one: fixed at its first {@code up}. */
  public Path calendarFile() {
    return root.resolve("calendar.json");
  }

  public Optional<SimulatedCalendar> readCalendar() {
    Path file = calendarFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      CalendarRecord r = Json.MAPPER.readValue(file.toFile(), CalendarRecord.class);
      return Optional.of(
          new SimulatedCalendar(Instant.parse(r.start()), Instant.parse(r.anchor()), r.rate()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "calendar file " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  public void writeCalendar(SimulatedCalendar c) {
    try {
      Files.createDirectories(root);
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(
              calendarFile().toFile(),
              new CalendarRecord(
                  c.start().toString(), c.anchor().toString(), c.rate(), c.describe()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + calendarFile(), e);
    }
  }

  /** calendar.json: the calendar, and how a person reads it. */
  private record CalendarRecord(String start, String anchor, double rate, String description) {}

  public Path stateFile() {
    return root.resolve("state.json");
  }

  public Optional<NetworkState> readState() {
    Path file = stateFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(file.toFile(), NetworkState.class));
    } catch (IOException e) {
      throw new IllegalStateException(
          "state file " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Writes the state through a temporary file and a rename, so a reader never sees half of it. */
  public void writeState(NetworkState state) {
    try {
      Files.createDirectories(root);
      Path tmp = Files.createTempFile(root, "state", ".tmp");
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
      Files.move(
          tmp, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stateFile(), e);
    }
  }

  public void deleteState() {
    try {
      Files.deleteIfExists(stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + stateFile(), e);
    }
  }

  /** The port a node wrote to its port file, if it did. */
  public Optional<Integer> readPort(PeerId node) {
    Path file = portFile(node);
    try {
      return Files.exists(file)
          ? Optional.of(Integer.parseInt(Files.readString(file).trim()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
