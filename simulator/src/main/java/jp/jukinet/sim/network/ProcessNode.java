package jp.jukinet.sim.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeMain;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A node running as its own {@code java} process, its output appended to its node.log. */
final class ProcessNode implements RunningNode {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessNode.class);
  private static final Path NICE = Path.of("/usr/bin/nice");

  private final PeerId id;
  private final Process process;
  private final ProcessRef ref;
  private final Duration grace;
  private volatile int port;

  private ProcessNode(PeerId id, Process process, Duration grace) {
    this.id = id;
    this.process = process;
    this.grace = grace;
    this.ref = ProcessRef.of(process.toHandle());
  }

  /**
   * Starts {@code mainClass config} in a new JVM. The node gets a session of its own (setsid), so
   * it outlives the {@code up} command and a Ctrl-C in the terminal that ran it.
   */
  static ProcessNode launch(
      PeerId id, String mainClass, Path config, Path log, Path pidFile, LaunchSettings s) {
    List<String> cmd = new ArrayList<>();
    if (id.role() == NodeRole.NODE_ROLE_CS && s.csNiceness() > 0 && Files.isExecutable(NICE)) {
      // nice execs the command in place: the recorded pid stays the JVM's.
      cmd.addAll(List.of(NICE.toString(), "-n", Integer.toString(s.csNiceness())));
    }
    cmd.add(s.javaCommand().toString());
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // a node out of memory exits, so it can be restarted
    cmd.addAll(s.nodeJvmOpts());
    cmd.add("-Dlogback.configurationFile=logback-node.xml");
    cmd.add("-D" + NodeMain.PID_FILE_PROPERTY + "=" + pidFile);
    cmd.add("-cp");
    cmd.add(s.classpath());
    cmd.add(mainClass);
    cmd.add(config.toString());
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(pidFile); // a previous run's; the node writes its own first thing
      Process process = DetachedProcess.start(cmd, log);
      if (id.role() == NodeRole.NODE_ROLE_CS && s.csNiceness() > 0) {
        niceAutogroup(id, process.pid(), s.csNiceness());
      }
      return new ProcessNode(id, process, s.stopGrace());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * With the kernel's autogroup scheduling (sched_autogroup_enabled), every session is a scheduling
   * group and the CPU is shared equally between the groups whatever the niceness of their
   * processes; each node has a session of its own (setsid), so {@code nice} alone had no effect and
   * a server got the same share as one CS. The group's own niceness does apply between groups. Best
   * effort: without /proc/PID/autogroup (no autogroups) the process nice suffices.
   */
  private static void niceAutogroup(PeerId id, long pid, int niceness) {
    Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
    if (!Files.isWritable(autogroup)) {
      return;
    }
    try {
      // Only once setsid made it a session leader: before, the group is still this command's.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!isSessionLeader(pid)) {
        if (System.nanoTime() - deadline > 0) {
          LOG.warn(
              "{}: process {} did not start a session of its own; its niceness stays the process's",
              id,
              pid);
          return;
        }
        Thread.sleep(1);
      }
      Files.writeString(autogroup, Integer.toString(niceness));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn(
          "{}: could not set its scheduling group's niceness to {}: {}",
          id,
          niceness,
          e.toString());
    }
  }

  /** Whether {@code pid}'s session id (field 6 of /proc/PID/stat) is its pid. */
  private static boolean isSessionLeader(long pid) throws IOException {
    return ProcStat.read(pid).field(6) == pid;
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
  public void requestStop() {
    process.destroy();
  }

  @Override
  public void stop() {
    process.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
  }

  private boolean awaitExit(Duration d) {
    return NetworkStopper.awaitExit(
        process.onExit(), process::isAlive, d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
