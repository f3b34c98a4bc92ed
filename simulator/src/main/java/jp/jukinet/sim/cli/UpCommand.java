package jp.jukinet.sim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.sim.network.CalendarChoice;
import jp.jukinet.sim.network.InJvmLauncher;
import jp.jukinet.sim.network.LaunchGate;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LinksNotUpException;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.NodesNotListeningException;
import jp.jukinet.sim.network.ProcessRef;
import jp.jukinet.sim.network.RecordedNetwork;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.NetworkProbe;
import jp.jukinet.sim.status.NetworkStatus;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet up}: starts every node of a topology in the background and returns once every link
 * is up. Process mode starts one JVM per node; {@code --in-jvm} one host JVM for all.
 */
@Command(name = "up", description = "Start a local network and wait until every link is up.")
public final class UpCommand extends BaseCommand {
  @Option(
      names = "--topology",
      defaultValue = "yamanashi",
      description =
          "yamanashi, japan, synthetic:PxM or a topology YAML file (default: ${DEFAULT-VALUE}).")
  String topologyName;

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--host",
      description =
          "Start only the nodes the topology file places on this host (their listen address), for a"
              + " network across hosts: the PKI must be imported first ('jukinet pki import'), and"
              + " every node of the topology needs a fixed host:port. Waits for the links its nodes"
              + " dial.")
  String onHost;

  @Option(
      names = "--in-jvm",
      description = "Run every node in one background JVM sharing event loops.")
  boolean inJvm;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description =
          "How long to wait for every node and link (default: 120s, or 150 ms per node when that is "
              + "longer: about 4.5 min for japan).")
  Duration timeout;

  static final Duration MIN_DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final Duration DEFAULT_TIMEOUT_PER_NODE = Duration.ofMillis(150);

  /**
   * The default wait: japan's 1,789 nodes take about two minutes on two idle cores, more when busy.
   */
  static Duration defaultTimeout(int nodes) {
    return TimeoutMixin.scaled(MIN_DEFAULT_TIMEOUT, DEFAULT_TIMEOUT_PER_NODE, nodes);
  }

  @Option(
      names = "--node-jvm-opts",
      description =
          "JVM options of each node process (process mode; default: "
              + "-Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1).")
  String nodeJvmOpts;

  @Option(
      names = "--host-jvm-opts",
      defaultValue = "-Xmx4g -XX:+UseParallelGC",
      description = "JVM options of the in-JVM host (default: ${DEFAULT-VALUE}).")
  String hostJvmOpts;

  @Option(
      names = "--clock",
      paramLabel = "DATE-TIME",
      description =
          "Run the network on a simulated calendar starting at this date-time, with its offset "
              + "(e.g. 2020-04-01T09:00+09:00). Fixed for the network's life and recorded in the run "
              + "directory: a restart resumes on it. Default: the wall clock.")
  String clock;

  @Option(
      names = "--clock-rate",
      paramLabel = "RATE",
      description =
          "How fast the simulated calendar runs: simulated time per real time, such as 1day/1s, "
              + "1h/1s or 30min/1s (default with --clock: 1s/1s).")
  String clockRate;

  @Mixin JsonMixin json;

  /** What up prints. */
  public record Summary(
      String mode,
      String topology,
      String host,
      String dir,
      int nodes,
      int linksUp,
      int linksExpected,
      double seconds,
      List<Long> pids)
      implements CommandResult {
    @Override
    public String text() {
      return String.format(
              "jukinet up: %d node%s%s, %d of %d links up in %.1f s (%s mode, %d process%s, topology %s)%n",
              nodes,
              nodes == 1 ? "" : "s",
              host == null ? "" : " on host " + host,
              linksUp,
              linksExpected,
              seconds,
              mode,
              pids.size(),
              pids.size() == 1 ? "" : "es",
              topology)
          + String.format(
              "run directory %s; 'jukinet status --dir %s' shows the links, 'jukinet down --dir %s' "
                  + "stops it%n",
              dir, dir, dir);
    }
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Topology topology = InvalidInputException.parsing(() -> Topologies.resolve(topologyName));
    RunDirectory dir = runDir.runDirectory();
    if (timeout == null) {
      timeout = defaultTimeout(topology.nodes().size());
    }
    try {
      LocalNetwork.checkHostShare(topology, dir, onHost);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    new RecordedNetwork(dir).refuseIfRunning();
    Optional<SimulatedCalendar> calendar =
        InvalidInputException.parsing(
            () -> CalendarChoice.decide(dir, clock, clockRate, Instant.now()));
    if (calendar.isPresent() && !json.json()) {
      out().printf("jukinet up: on the simulated calendar %s%n", calendar.get().describe());
    }
    if (dir.readState().isPresent() && !json.json()) {
      out()
          .printf(
              "jukinet up: the network recorded in %s is gone (crashed?); starting afresh%n",
              dir.root());
    }
    LaunchSettings settings =
        InvalidInputException.parsing(
            () -> LaunchSettings.defaults(topologyName).withStartTimeout(timeout));
    if (nodeJvmOpts != null) {
      settings = settings.withNodeJvmOpts(split(nodeJvmOpts));
    }
    NetworkStatus status;
    LaunchGate gate = new LaunchGate();
    Thread onInterrupt = stopOnInterrupt(gate, dir, settings.stopGrace());
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      status =
          inJvm
              ? upInJvm(topology, dir, settings, gate, t0)
              : upProcesses(topology, dir, settings, gate, t0);
    } catch (NodesNotListeningException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          e.getMessage()
              + "\nthe nodes that had started were stopped; a busy machine may need a"
              + " longer --timeout");
    } catch (LinksNotUpException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          e.getMessage()
              + "\nthe nodes keep running: inspect with 'jukinet status --dir "
              + dir.root()
              + "', stop with "
              + "'jukinet down --dir "
              + dir.root()
              + "'; logs in "
              + dir.root().resolve("nodes"));
    } finally {
      removeHook(onInterrupt);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    NetworkState state = dir.readState().orElseThrow();
    emit(
        json,
        new Summary(
            state.mode(),
            topologyName,
            onHost,
            dir.root().toString(),
            (int) state.nodes().stream().filter(state::isLocal).count(),
            status.linksUp(),
            status.linksExpected(),
            Math.round(seconds * 10) / 10.0,
            state.processes().stream().map(p -> p.pid()).toList()));
    return ExitCodes.OK;
  }

  /**
   * The shutdown hook that makes an interrupted {@code up} (Ctrl-C, SIGTERM) leave nothing behind:
   * no node starts any more, and every process of the run directory is stopped, those started by
   * this command and any whose start raced with the interrupt (found as {@code down} finds them).
   */
  private Thread stopOnInterrupt(LaunchGate gate, RunDirectory dir, Duration grace) {
    return new Thread(
        () -> {
          List<ProcessRef> started = gate.close();
          err()
              .printf(
                  "jukinet up: interrupted; stopping the %d process(es) started so far in %s%n",
                  started.size(), dir.root());
          err().flush();
          RecordedNetwork.Down down = new RecordedNetwork(dir).down(grace, started);
          err()
              .printf(
                  "jukinet up: stopped %d process(es)%s%n",
                  down.result().stopped().size(),
                  down.result().stillRunning().isEmpty()
                      ? ""
                      : "; still running after SIGKILL: "
                          + down.result().stillRunning().stream().map(ProcessRef::pid).toList());
          err().flush();
        },
        "up-interrupted");
  }

  /** Done: the nodes outlive this command from now on. */
  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) and stops the nodes
    }
  }

  private NetworkStatus upProcesses(
      Topology topology, RunDirectory dir, LaunchSettings settings, LaunchGate gate, long t0) {
    LocalNetwork net = LocalNetwork.start(topology, Mode.PROCESS, dir, settings, gate, onHost);
    NetworkStatus status;
    try {
      status = net.awaitAllLinksUp(remaining(t0));
    } catch (LinksNotUpException e) {
      net.detach(); // left running to be inspected: the message says how to stop them
      throw e;
    } catch (RuntimeException | Error e) {
      net.close(); // a failure of this command's own: it leaves nothing behind
      throw e;
    }
    net.detach(); // the nodes outlive this command; 'down' stops them
    return status;
  }

  /** Starts the host JVM, waits until it has started every node, then waits for the links. */
  private NetworkStatus upInJvm(
      Topology topology, RunDirectory dir, LaunchSettings settings, LaunchGate gate, long t0)
      throws Exception {
    dir.deleteState(); // stale (refuseIfRunning passed): the host writes a fresh one
    if (!dir.hasPki()) {
      progress("issuing %d certificates", topology.allSubjects().size());
    }
    Process host = gate.launch(() -> spawnHost(dir, settings), p -> ProcessRef.of(p.toHandle()));
    NetworkState state = awaitHostStarted(dir, host, t0);
    // Two event loops: the probe's TLS handshakes with every node (1,789 for japan) are most of its
    // work.
    try (NodeRuntime runtime = NodeRuntime.create(2, 1);
        NetworkProbe probe = new NetworkProbe(dir.pkiDir(), runtime)) {
      int[] shown = {-1, -1};
      NetworkStatus s =
          probe.awaitAllLinksUp(
              state.localView(),
              remaining(t0),
              round -> {
                if (round.linksUp() != shown[0] || round.nodesAnswering() != shown[1]) {
                  shown[0] = round.linksUp();
                  shown[1] = round.nodesAnswering();
                  progress(
                      "%d of %d links up, %d of %d nodes answering (%.1f s)",
                      round.linksUp(),
                      round.linksExpected(),
                      round.nodesAnswering(),
                      round.nodes().size(),
                      (System.nanoTime() - t0) / 1e9);
                }
              });
      if (!s.allLinksUp() || !s.allAnswering()) {
        throw new LinksNotUpException(s, timeout);
      }
      return s;
    }
  }

  private Process spawnHost(RunDirectory dir, LaunchSettings settings) {
    try {
      return InJvmLauncher.spawnHost(dir, settings, split(hostJvmOpts), onHost);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the in-JVM host: " + e.getMessage(), e);
    }
  }

  private NetworkState awaitHostStarted(RunDirectory dir, Process host, long t0)
      throws InterruptedException {
    long shown = -1;
    while (true) {
      Optional<NetworkState> state = dir.readState();
      boolean ours =
          state.isPresent() && state.get().host() != null && state.get().host().pid() == host.pid();
      if (ours) {
        NetworkState recorded = state.get();
        List<NetworkState.Node> own = recorded.nodes().stream().filter(recorded::isLocal).toList();
        long started = own.stream().filter(n -> n.port() != 0).count();
        if (started != shown) {
          shown = started;
          progress(
              "%d of %d nodes started (%.1f s)",
              started, own.size(), (System.nanoTime() - t0) / 1e9);
        }
      }
      if (ours && state.get().complete()) {
        return state.get();
      }
      if (!host.isAlive()) {
        throw new CliException(
            ExitCodes.FAILURE,
            "the in-JVM host exited with status "
                + host.exitValue()
                + " before its nodes were up; see "
                + dir.hostLog()
                + " and "
                + dir.root().resolve("host.out")
                + tail(dir.hostLog())
                + tail(dir.root().resolve("host.out")));
      }
      if (remaining(t0).isZero()) {
        throw new CliException(
            ExitCodes.FAILURE,
            "the in-JVM host did not start every node within "
                + timeout
                + "; it keeps running (pid "
                + host.pid()
                + "): stop it with 'jukinet down --dir "
                + dir.root()
                + "'");
      }
      Thread.sleep(100); // the host writes the state file when done: poll it
    }
  }

  /** A progress line while a large network comes up (not in --json output). */
  private void progress(String format, Object... args) {
    if (!json.json()) {
      out().printf("jukinet up: " + format + "%n", args);
      out().flush();
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private Duration remaining(long t0) {
    Duration left = timeout.minusNanos(System.nanoTime() - t0);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static List<String> split(String opts) {
    return Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
