package jp.jukinet.sim.network;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a process that outlives the command that started it and a Ctrl-C in its terminal: in a
 * session of its own (setsid, where there is one), input from /dev/null, output appended to a file.
 * Used for the node JVMs of process mode and the host JVM of {@code up --in-jvm}.
 */
public final class DetachedProcess {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private DetachedProcess() {}

  /** Starts {@code command}; its stdout and stderr go to the end of {@code output}. */
  public static Process start(List<String> command, Path output) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      cmd.add(SETSID.toString()); // execs the command in place: the pid stays the command's
    }
    cmd.addAll(command);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }
}
