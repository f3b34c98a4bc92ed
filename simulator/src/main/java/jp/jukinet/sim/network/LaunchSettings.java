package jp.jukinet.sim.network;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link LocalNetwork} launches nodes.
 *
 * @param topologyName the name recorded in the state file ("yamanashi", "synthetic:1x2", a path)
 * @param javaCommand the java executable for node processes and the in-JVM host
 * @param classpath the classpath node processes run with (the simulator's own)
 * @param nodeJvmOpts JVM options of each node process (modest: the machine runs many)
 * @param startTimeout how long one node may take to bind its port
 * @param stopGrace how long a node may take to stop after SIGTERM before it gets SIGKILL
 * @param pkiValidity validity of certificates generated when the run directory has no PKI
 * @param workerThreads event-loop threads of the in-JVM runtime
 * @param csNiceness the scheduling niceness CS processes start with (0..19; 0: as the servers). A
 *     prefecture or national server does the work of all its CSs in one process; with the same CPU
 *     share as each CS it fell behind (end-to-end latency growing to seconds), so by default the
 *     CSs yield to the servers when the machine is busy.
 * @param descriptorBudget how many files and sockets the in-JVM host may hold open: its shared
 *     database's table files are a quarter of it (by default half of the process's limit)
 */
public record LaunchSettings(
    String topologyName,
    Path javaCommand,
    String classpath,
    List<String> nodeJvmOpts,
    Duration startTimeout,
    Duration stopGrace,
    Duration pkiValidity,
    int workerThreads,
    int csNiceness,
    long descriptorBudget) {

  /** Niceness of CS processes by default: enough that the servers' work goes first. */
  public static final int DEFAULT_CS_NICENESS = 10;

  public static final List<String> DEFAULT_NODE_JVM_OPTS =
      List.of(
          "-Xmx128m",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:CICompilerCount=1");

  public LaunchSettings {
    Objects.requireNonNull(topologyName, "topologyName");
    Objects.requireNonNull(javaCommand, "javaCommand");
    Objects.requireNonNull(classpath, "classpath");
    nodeJvmOpts = List.copyOf(nodeJvmOpts);
    requirePositive(startTimeout, "start timeout");
    requirePositive(stopGrace, "stop grace period");
    requirePositive(pkiValidity, "certificate validity");
    if (workerThreads < 1) {
      throw new IllegalArgumentException("worker threads " + workerThreads + " must be at least 1");
    }
    if (csNiceness < 0 || csNiceness > 19) {
      throw new IllegalArgumentException(
          "CS niceness " + csNiceness + " must be 0..19 (a process may only lower its priority)");
    }
    if (descriptorBudget < 1) {
      throw new IllegalArgumentException(
          "descriptor budget " + descriptorBudget + " must be positive");
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " " + d + " must be positive");
    }
  }

  /** This JVM's java and classpath, default JVM options and timeouts. */
  public static LaunchSettings defaults(String topologyName) {
    return new LaunchSettings(
        topologyName,
        currentJava(),
        currentClasspath(),
        DEFAULT_NODE_JVM_OPTS,
        Duration.ofSeconds(120),
        Duration.ofSeconds(10),
        Duration.ofDays(365),
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        DEFAULT_CS_NICENESS,
        FileDescriptors.limit() / 2);
  }

  public LaunchSettings withNodeJvmOpts(List<String> opts) {
    return new LaunchSettings(
        topologyName,
        javaCommand,
        classpath,
        opts,
        startTimeout,
        stopGrace,
        pkiValidity,
        workerThreads,
        csNiceness,
        descriptorBudget);
  }

  public LaunchSettings withStartTimeout(Duration timeout) {
    return new LaunchSettings(
        topologyName,
        javaCommand,
        classpath,
        nodeJvmOpts,
        timeout,
        stopGrace,
        pkiValidity,
        workerThreads,
        csNiceness,
        descriptorBudget);
  }

  public LaunchSettings withCsNiceness(int niceness) {
    return new LaunchSettings(
        topologyName,
        javaCommand,
        classpath,
        nodeJvmOpts,
        startTimeout,
        stopGrace,
        pkiValidity,
        workerThreads,
        niceness,
        descriptorBudget);
  }

  public LaunchSettings withDescriptorBudget(long budget) {
    return new LaunchSettings(
        topologyName,
        javaCommand,
        classpath,
        nodeJvmOpts,
        startTimeout,
        stopGrace,
        pkiValidity,
        workerThreads,
        csNiceness,
        budget);
  }

  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * The classpath of this JVM with every entry made absolute, so children may run from anywhere.
   */
  public static String currentClasspath() {
    String sep = System.getProperty("path.separator");
    StringBuilder sb = new StringBuilder();
    for (String e :
        System.getProperty("java.class.path").split(java.util.regex.Pattern.quote(sep))) {
      if (!e.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : sep).append(Path.of(e).toAbsolutePath());
      }
    }
    return sb.toString();
  }
}
