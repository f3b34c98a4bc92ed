package jp.jukinet.sim.cli.report;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.function.Consumer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.DurationConverter;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.JsonMixin;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.report.ReportClient;
import jp.jukinet.sim.report.ReportException;
import jp.jukinet.sim.report.ReportPeriod;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.workload.NodeConnections;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every {@code jukinet report …} shares: the run directory, {@code --period}, {@code --json}
 * or {@code --csv}, {@code --timeout}, the monitor's connection to the node asked, and the
 * network's calendar.
 */
abstract class ReportSubcommand extends BaseCommand {
  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  @Option(
      names = "--csv",
      description = "Print the report's rows as CSV (RFC 4180) instead of text.")
  boolean csv;

  @Option(
      names = "--period",
      paramLabel = "<YYYY-MM|FYyyyy>",
      description =
          "A month (2020-09) or a 年度 (FY2020: April 2020 – March 2021); default: this 年度.")
  String period;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Deadline for the node's answer, every page (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** A report's three forms. */
  record Output(Object json, Consumer<PrintWriter> text, Consumer<PrintWriter> csv) {}

  /** Asks {@code client} for the report's data and lays it out. */
  abstract Output report(ReportClient client, Nodes nodes, ReportPeriod period)
      throws ReportException, InterruptedException;

  /** The recorded network's nodes. */
  record Nodes(NetworkState state, RunDirMixin runDir) {
    InetSocketAddress address(PeerId node) {
      return runDir.nodeAddress(state, node);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    if (json.json() && csv) {
      throw new InvalidInputException("--json and --csv: give one");
    }
    ReportPeriod p =
        period == null
            ? ReportPeriod.fiscal(ReportPeriod.fiscalYearOf(YearMonth.from(today())))
            : InvalidInputException.parsing(() -> ReportPeriod.parse(period));
    RunDirectory dir = runDir.runDirectory();
    Nodes nodes = new Nodes(runDir.recordedState(), runDir);
    Output output;
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        NodeConnections connections =
            StatusCollector.monitorConnections(runtime.transport(), dir.pkiDir())) {
      output = report(new ReportClient(connections, timeout), nodes, p);
    } catch (ReportException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    if (json.json()) {
      printJson(output.json());
    } else {
      (csv ? output.csv() : output.text()).accept(out());
      out().flush();
    }
    return ExitCodes.OK;
  }

  /**
   * Today in Japan on the network's calendar (its simulated one when {@code up --clock} gave it
   * one): the date a report is made on, and the 年度 it defaults to.
   */
  LocalDate today() {
    Clock wall = Clock.systemUTC();
    return IsoDates.today(
        runDir.runDirectory().readCalendar().map(c -> c.clock(wall)).orElse(wall));
  }
}
