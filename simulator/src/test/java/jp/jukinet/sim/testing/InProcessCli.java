package jp.jukinet.sim.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import jp.jukinet.sim.JukinetMain;

/**
 * What one {@code jukinet} command, run in this JVM through the one factory, printed and returned.
 */
public record InProcessCli(int exitCode, String out, String err) {
  public static InProcessCli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new InProcessCli(code, out.toString(), err.toString());
  }
}
