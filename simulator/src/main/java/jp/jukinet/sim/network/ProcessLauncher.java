package jp.jukinet.sim.network;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.cs.CsNodeMain;
import jp.jukinet.national.NationalServerMain;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.pref.PrefServerMain;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;

/** One {@code java} process per node, each publishing its port through its port file. */
public final class ProcessLauncher implements NodeLauncher {
  private final RunDirectory dir;
  private final LaunchSettings settings;
  private final NodeRuntime runtime = NodeRuntime.create(1, 1); // the status probe's only

  ProcessLauncher(RunDirectory dir, LaunchSettings settings) {
    this.dir = dir;
    this.settings = settings;
  }

  @Override
  public Mode mode() {
    return Mode.PROCESS;
  }

  @Override
  public NodeRuntime runtime() {
    return runtime;
  }

  @Override
  public RunningNode launch(NodeConfig config) {
    return launch(dir, config.node(), settings);
  }

  /** Starts {@code id} from its config in {@code dir}. */
  static ProcessNode launch(RunDirectory dir, PeerId id, LaunchSettings settings) {
    return ProcessNode.launch(
        id, mainClass(id), dir.configFile(id), dir.logFile(id), dir.pidFile(id), settings);
  }

  @Override
  public void awaitListening(List<RunningNode> started) {
    awaitPorts(dir, settings, started.stream().map(ProcessNode.class::cast).toList());
  }

  /** Waits until each process wrote its port file; fails early when one exits. */
  static void awaitPorts(RunDirectory dir, LaunchSettings settings, List<ProcessNode> nodes) {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    List<ProcessNode> waiting = new ArrayList<>(nodes);
    while (!waiting.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext(); ) {
        ProcessNode node = it.next();
        var port = dir.readPort(node.id());
        if (port.isPresent()) {
          node.setPort(port.get());
          it.remove();
        } else if (!node.isAlive()) {
          throw new NodesNotListeningException(
              node.id()
                  + " exited before listening; see "
                  + dir.logFile(node.id())
                  + lastLines(dir, node.id()));
        }
      }
      if (waiting.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        PeerId first = waiting.get(0).id();
        throw new NodesNotListeningException(
            waiting.size()
                + " nodes did not listen within "
                + settings.startTimeout()
                + ", first "
                + first
                + "; see "
                + dir.logFile(first));
      }
      try {
        Thread.sleep(25); // a port file from another process: nothing to block on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting nodes", e);
      }
    }
  }

  private static String lastLines(RunDirectory dir, PeerId id) {
    try {
      List<String> lines = Files.readAllLines(dir.logFile(id));
      return ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  public static String mainClass(PeerId id) {
    return switch (id.role()) {
      case NODE_ROLE_NATIONAL -> NationalServerMain.class.getName();
      case NODE_ROLE_PREFECTURE -> PrefServerMain.class.getName();
      case NODE_ROLE_CS -> CsNodeMain.class.getName();
      default -> throw new IllegalArgumentException(id + " is not a node that runs");
    };
  }

  @Override
  public ProcessRef host() {
    return null;
  }

  @Override
  public void detach() {
    // the processes run on by themselves
  }

  @Override
  public void close() {
    runtime.close();
  }
}
