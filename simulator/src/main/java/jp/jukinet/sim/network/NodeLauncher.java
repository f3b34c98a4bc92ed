package jp.jukinet.sim.network;

import java.util.List;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.NodeConfig;

/**
 * How {@link LocalNetwork} runs its nodes: each in a process of its own ({@link ProcessLauncher})
 * or all in this JVM on one shared runtime ({@link InJvmLauncher}).
 */
interface NodeLauncher extends AutoCloseable {
  /** A launcher for the {@code nodes} nodes this JVM starts. */
  static NodeLauncher of(Mode mode, RunDirectory dir, LaunchSettings settings, int nodes) {
    return switch (mode) {
      case PROCESS -> new ProcessLauncher(dir, settings);
      case IN_JVM -> new InJvmLauncher(settings, dir, nodes);
    };
  }

  Mode mode();

  /** The runtime of this JVM's side of the network (the in-JVM nodes, the status probe). */
  NodeRuntime runtime();

  /** Starts the node {@code config} describes; its config is saved in the run directory already. */
  RunningNode launch(NodeConfig config);

  /** Returns once every node of {@code started} listens and knows its port. */
  void awaitListening(List<RunningNode> started);

  /** The process hosting every node (this JVM in-JVM), or null when each node has its own. */
  ProcessRef host();

  /** Lets the nodes keep running after this JVM; refused where they cannot (in-JVM). */
  void detach();

  /** Releases this JVM's side: the runtime (the nodes are stopped by then). */
  @Override
  void close();
}
