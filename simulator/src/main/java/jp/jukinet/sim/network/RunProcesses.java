package jp.jukinet.sim.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import jp.jukinet.cs.CsNodeMain;
import jp.jukinet.national.NationalServerMain;
import jp.jukinet.pref.PrefServerMain;
import jp.jukinet.protocol.pki.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live process of a run directory, from every record of it: the state file, the pid files
 * each node and the in-JVM host write of themselves as they start, and (on Linux) the processes
 * whose command line runs a node or the host of this directory. The last covers the moment between
 * a process's start and its pid file, so an {@code up} interrupted at any point leaves nothing that
 * {@code down} cannot find, even without a state file.
 *
 * <p>A pid is believed only when the process's start time matches the record and, for pid files and
 * command lines, its command line runs a node or host of this directory: a pid reused by an
 * unrelated process is never named.
 */
public final class RunProcesses {
  private static final Logger LOG = LoggerFactory.getLogger(RunProcesses.class);
  private static final Path PROC = Path.of("/proc");

  /** The label of the in-JVM host, which runs every node of its network. */
  public static final String HOST = "in-JVM host";

  private static final Set<String> MAINS =
      Set.of(
          NationalServerMain.class.getName(),
          PrefServerMain.class.getName(),
          CsNodeMain.class.getName(),
          InJvmHost.class.getName());

  /** A live process of the run: a node's name, or {@link #HOST}. */
  public record Found(String name, ProcessRef process) {
    @Override
    public String toString() {
      return name + " (pid " + process.pid() + ")";
    }
  }

  private RunProcesses() {}

  /** Every live process of {@code dir}'s network, each once, the state file's first. */
  public static List<Found> find(RunDirectory dir) {
    Map<Long, Found> found = new LinkedHashMap<>();
    readStateLeniently(dir)
        .ifPresent(
            state -> {
              if (state.host() != null) {
                add(found, HOST, state.host());
              }
              state.nodes().stream()
                  .filter(n -> n.process() != null)
                  .forEach(n -> add(found, n.name(), n.process()));
            });
    long self = ProcessHandle.current().pid();
    for (Found f : pidFiles(dir)) {
      // The in-JVM host looks for strays once it has recorded itself.
      if (f.process().pid() != self && namesRun(f.process().pid(), dir)) {
        add(found, f.name(), f.process());
      }
    }
    for (Found f : scan(dir)) {
      add(found, f.name(), f.process());
    }
    return List.copyOf(found.values());
  }

  private static void add(Map<Long, Found> found, String name, ProcessRef ref) {
    if (!found.containsKey(ref.pid()) && ref.isLive()) {
      found.put(ref.pid(), new Found(name, ref));
    }
  }

  /**
   * The state file, or empty when it is missing or unreadable (half-written by an interrupted up):
   * the other records still name the processes.
   */
  static Optional<NetworkState> readStateLeniently(RunDirectory dir) {
    try {
      return dir.readState();
    } catch (IllegalStateException e) {
      LOG.warn("{}: ignoring the state file: {}", dir.root(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The records in {@code nodes/<name>/pid} and {@code host.pid}, whether or not they still run.
   */
  static List<Found> pidFiles(RunDirectory dir) {
    List<Found> out = new ArrayList<>();
    readPidFile(dir.hostPidFile()).ifPresent(p -> out.add(new Found(HOST, p)));
    Path nodes = dir.root().resolve("nodes");
    if (Files.isDirectory(nodes)) {
      try (DirectoryStream<Path> each = Files.newDirectoryStream(nodes)) {
        for (Path node : each) {
          readPidFile(node.resolve("pid"))
              .ifPresent(p -> out.add(new Found(node.getFileName().toString(), p)));
        }
      } catch (IOException e) {
        LOG.warn("{}: cannot list {}: {}", dir.root(), nodes, e.toString());
      }
    }
    return out;
  }

  /** "pid start-millis"; empty when missing or not in that form. */
  static Optional<ProcessRef> readPidFile(Path file) {
    try {
      String[] parts = Files.readString(file).trim().split("\\s+");
      if (parts.length != 2) {
        return Optional.empty();
      }
      return Optional.of(new ProcessRef(Long.parseLong(parts[0]), Long.parseLong(parts[1]), ""));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Removes the pid files, once their processes are gone. */
  static void deletePidFiles(RunDirectory dir) {
    try {
      Files.deleteIfExists(dir.hostPidFile());
      Path nodes = dir.root().resolve("nodes");
      if (Files.isDirectory(nodes)) {
        try (Stream<Path> each = Files.list(nodes)) {
          for (Path node : (Iterable<Path>) each::iterator) {
            Files.deleteIfExists(node.resolve("pid"));
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("{}: cannot remove its pid files: {}", dir.root(), e.toString());
    }
  }

  /**
   * The processes whose command line runs a node or the in-JVM host of {@code dir} (Linux's /proc;
   * nothing elsewhere). This process is never one.
   */
  static List<Found> scan(RunDirectory dir) {
    if (!Files.isDirectory(PROC)) {
      return List.of();
    }
    long self = ProcessHandle.current().pid();
    List<Found> out = new ArrayList<>();
    try (DirectoryStream<Path> each = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : each) {
        long pid;
        try {
          pid = Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == self) {
          continue;
        }
        Optional<String> name = runName(cmdline(pid), dir);
        if (name.isPresent()) {
          // The start time is read after the command line: were the pid reused in between, the
          // start time names the new process, which the next scan judges afresh.
          ProcessHandle.of(pid).ifPresent(h -> out.add(new Found(name.get(), ProcessRef.of(h))));
        }
      }
    } catch (IOException e) {
      LOG.warn("{}: cannot scan /proc: {}", dir.root(), e.toString());
    }
    return out;
  }

  /** Whether process {@code pid} runs a node or the host of {@code dir}. */
  static boolean namesRun(long pid, RunDirectory dir) {
    if (!Files.isDirectory(PROC)) {
      return true; // no command lines to read: the start time alone guards against reuse
    }
    return runName(cmdline(pid), dir).isPresent();
  }

  /**
   * The node a command line runs in {@code dir} ({@link #HOST} for the in-JVM host), if it runs
   * one: one of the node mains or the host, with a node config or the directory itself as argument.
   */
  static Optional<String> runName(List<String> args, RunDirectory dir) {
    if (args.stream().noneMatch(MAINS::contains)) {
      return Optional.empty();
    }
    String root = dir.root().toString();
    String nodes = dir.root().resolve("nodes") + "/";
    for (String a : args) {
      if (a.startsWith(nodes) && a.endsWith("/config.yaml")) {
        String name = a.substring(nodes.length(), a.length() - "/config.yaml".length());
        return isNodeName(name) ? Optional.of(name) : Optional.empty();
      }
    }
    if (args.contains(InJvmHost.class.getName()) && args.contains(root)) {
      return Optional.of(HOST);
    }
    return Optional.empty();
  }

  private static boolean isNodeName(String name) {
    try {
      PeerId.parse(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** /proc/PID/cmdline split at its NULs; empty when the process is gone (or a zombie). */
  static List<String> cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      List<String> args = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      if (start < raw.length) {
        args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
      }
      return args;
    } catch (IOException e) {
      return List.of();
    }
  }
}
