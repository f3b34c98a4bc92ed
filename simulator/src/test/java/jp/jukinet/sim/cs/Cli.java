package jp.jukinet.sim.cs;

import java.io.PrintWriter;
import java.io.StringWriter;
import jp.jukinet.sim.JukinetMain;

/** Runs the jukinet command line in this JVM through its one factory. */
public record Cli(int exit, String out, String err) {
  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }
}
