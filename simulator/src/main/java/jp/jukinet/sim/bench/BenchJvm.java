package jp.jukinet.sim.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one benchmark, ours or a reference peer's, in a fresh JVM with the same flags ({@code -Xms1g
 * -Xmx1g -XX:+UseG1GC}, leak detection off, also in gRPC's relocated Netty), so the ratio compares
 * like with like and the CLI's own JVM (heap, JIT state) does not colour the figure.
 */
public final class BenchJvm {
  public static final List<String> FLAGS =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-Dio.netty.leakDetection.level=disabled",
          "-Dio.grpc.netty.shaded.io.netty.leakDetection.level=disabled");

  private BenchJvm() {}

  public static BenchResult run(
      Class<?> mainClass, List<String> args, Duration limit, PrintWriter progress)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(FLAGS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return BenchProcess.run("jukinet " + mainClass.getSimpleName(), cmd, limit, progress);
  }
}
