package jp.jukinet.sim;

import java.io.PrintWriter;
import java.util.Map;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JukinetCommand;
import jp.jukinet.sim.network.NetworkAlreadyRunningException;
import picocli.CommandLine;

/** {@code ./jukinet}: builds the command line and runs it. */
public final class JukinetMain {
  private JukinetMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** The one factory of the command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new JukinetCommand());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExitCodeExceptionMapper(JukinetMain::exitCode);
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          int code = exitCode(e);
          commandLine
              .getErr()
              .println(commandLine.getCommandSpec().qualifiedName() + ": " + message(e));
          if (code == ExitCodes.INTERNAL) {
            e.printStackTrace(
                commandLine.getErr()); // goes to the injected writer, for the bug report
          }
          commandLine.getErr().flush();
          return code;
        });
    addExitCodeList(cmd, ExitCodes.descriptions());
    return cmd;
  }

  /**
   * The exit code for an exception thrown by a command. Bad input is only what a command says is
   * ({@link InvalidInputException}, or picocli's parse errors): any other IllegalArgumentException
   * is a bug, INTERNAL.
   */
  public static int exitCode(Throwable e) {
    if (e instanceof CliException c) {
      return c.exitCode();
    }
    if (e instanceof CommandLine.ParameterException || e instanceof InvalidInputException) {
      return ExitCodes.INVALID_INPUT;
    }
    if (e instanceof NetworkAlreadyRunningException) {
      return ExitCodes.UNEXPECTED_STATE;
    }
    return ExitCodes.INTERNAL;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  private static void addExitCodeList(CommandLine cmd, Map<String, String> codes) {
    cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    // -h/--help on every subcommand too, without repeating it in each @Command.
    if (cmd.getCommandSpec().optionsMap().get("--help") == null) {
      cmd.getCommandSpec()
          .addOption(
              CommandLine.Model.OptionSpec.builder("-h", "--help")
                  .usageHelp(true)
                  .description("Show this help message and exit.")
                  .build());
    }
    cmd.getSubcommands().values().forEach(sub -> addExitCodeList(sub, codes));
  }
}
