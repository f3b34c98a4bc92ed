package jp.jukinet.sim.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;

/** A node running as its own {@code java} process, its output appended to its node.log. */
final class ProcessNode implements RunningNode {
  private static final Path NICE = Path.of("/usr/bin/nice");

  private final PeerId id;
  private final Process process;
  private final ProcessRef ref;
  private volatile int port;

  private ProcessNode(PeerId id, Process process) {
    this.id = id;
    this.process = process;
    this.ref = ProcessRef.of(process.toHandle());
  }

  /**
   * Starts {@code mainClass config} in a new JVM. The node gets a session of its own (setsid),
   * so it outlives the {@code up} command and a Ctrl-C in the terminal that ran it.
   */
  static ProcessNode launch(PeerId id, String mainClass, Path config, Path log, LaunchSettings s) {
    List<String> cmd = new ArrayList<>();
    if (id.role() == NodeRole.NODE_ROLE_CS && s.csNiceness() > 0 && Files.isExecutable(NICE)) {
      // nice execs the command in place: the recorded pid stays the JVM's.
      cmd.addAll(List.of(NICE.toString(), "-n", Integer.toString(s.csNiceness())));
    }
    cmd.add(s.javaCommand().toString());
    cmd.addAll(s.nodeJvmOpts());
    cmd.add("-Dlogback.configurationFile=logback-node.xml");
    cmd.add("-cp");
    cmd.add(s.classpath());
    cmd.add(mainClass);
    cmd.add(config.toString());
    try {
      Files.createDirectories(log.getParent());
      return new ProcessNode(id, DetachedProcess.start(cmd, log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id + ": " + e.getMessage(), e);
    }
  }

  void setPort(int port) {
    this.port = port;
  }

  @Override
  public PeerId id() {
    return id;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public ProcessRef process() {
    return ref;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  @Override
  public void stop(Duration grace) {
    process.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
  }

  private boolean awaitExit(Duration d) {
    return NetworkStopper.awaitExit(process.onExit(), process::isAlive, d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
