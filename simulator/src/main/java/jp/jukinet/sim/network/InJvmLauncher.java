package jp.jukinet.sim.network;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.cs.CsNode;
import jp.jukinet.national.NationalServer;
import jp.jukinet.node.runtime.Node;
import jp.jukinet.node.runtime.NodeMain;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.protocol.config.NodeConfig;

/**
 * Every node in this JVM on one shared runtime; also starts the background JVM that hosts such a
 * network for {@code jukinet up --in-jvm} ({@link InJvmHost}).
 */
public final class InJvmLauncher implements NodeLauncher {
  private static final ProcessRef SELF = ProcessRef.of(ProcessHandle.current());

  private final NodeRuntime runtime;

  /** A launcher for {@code nodes} nodes (the layout of their databases depends on how many). */
  InJvmLauncher(LaunchSettings settings, RunDirectory dir, int nodes) {
    InJvmStores stores = InJvmStores.choose(dir, nodes, settings.descriptorBudget());
    this.runtime =
        NodeRuntime.create(
            settings.workerThreads(),
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            stores.settings(),
            stores.sharedDirectory());
  }

  @Override
  public Mode mode() {
    return Mode.IN_JVM;
  }

  @Override
  public NodeRuntime runtime() {
    return runtime;
  }

  @Override
  public RunningNode launch(NodeConfig config) {
    return new InJvmNode(start(config));
  }

  private Node start(NodeConfig config) {
    return switch (config.node().role()) {
      case NODE_ROLE_NATIONAL -> NationalServer.start(config, runtime);
      case NODE_ROLE_PREFECTURE -> PrefServer.start(config, runtime);
      case NODE_ROLE_CS -> CsNode.start(config, runtime);
      default -> throw new IllegalArgumentException(config.node() + " is not a node that runs");
    };
  }

  @Override
  public void awaitListening(List<RunningNode> started) {
    // start() returned after bind
  }

  @Override
  public ProcessRef host() {
    return SELF;
  }

  @Override
  public void detach() {
    throw new IllegalStateException("only process-mode nodes outlive the JVM that started them");
  }

  @Override
  public void close() {
    runtime.close();
  }

  /**
   * Starts the background JVM of {@code jukinet up --in-jvm}, which runs {@code settings}' topology
   * in {@code dir} until {@code jukinet down} (only the nodes on {@code onHost} when not null); it
   * writes the state file once every node listens.
   */
  public static Process spawnHost(
      RunDirectory dir, LaunchSettings settings, List<String> hostJvmOpts, String onHost)
      throws IOException {
    Files.createDirectories(dir.root());
    Files.deleteIfExists(dir.hostPidFile()); // a previous host's; the new one writes its own
    List<String> cmd = new ArrayList<>();
    cmd.add(settings.javaCommand().toString());
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // the host of every node exits rather than linger
    // half-alive
    cmd.addAll(hostJvmOpts);
    // Logback's configuration is the one thing read from system properties (logback-injvm.xml).
    cmd.add("-Dlogback.configurationFile=logback-injvm.xml");
    cmd.add("-Djukinet.run.dir=" + dir.root());
    cmd.add("-D" + NodeMain.PID_FILE_PROPERTY + "=" + dir.hostPidFile());
    cmd.addAll(
        List.of(
            "-cp",
            settings.classpath(),
            InJvmHost.class.getName(),
            settings.topologyName(),
            dir.root().toString()));
    if (onHost != null) {
      cmd.add(onHost);
    }
    return DetachedProcess.start(cmd, dir.root().resolve("host.out"));
  }
}
