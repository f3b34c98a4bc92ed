package jp.jukinet.sim.cli;

import java.time.Duration;
import jp.jukinet.sim.bench.TransportBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet bench transport}: closed-loop request/response throughput over the real
 * transport in one JVM, printed as the bench-anchors' RESULT line (compare with
 * {@code bench-anchors/run.sh peers} run on the same machine at the same time).
 */
@Command(name = "transport", description = "Transport throughput: C connections x W requests in flight over mTLS.")
public final class BenchTransportCommand extends BaseCommand {
  @Option(names = {"-c", "--conns"}, defaultValue = "8", description = "Connections (default: ${DEFAULT-VALUE}).")
  int conns;

  @Option(names = {"-w", "--window"}, defaultValue = "64",
      description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Warm-up before measuring (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "Measuring window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--role", defaultValue = "cs",
      description = "cs (a CS asks its prefecture server) or agency (an agency asks the national server).")
  String role;

  @Option(names = "--server-threads", defaultValue = "2", description = "Server event-loop threads.")
  int serverThreads;

  @Option(names = "--client-threads", defaultValue = "2", description = "Client event-loop threads.")
  int clientThreads;

  @Mixin
  JsonMixin json;

  /** What the command prints with --json. */
  public record Result(String result) {}

  @Override
  public Integer call() throws Exception {
    String line = TransportBench.run(
        new TransportBench.Options(conns, window, warmup, duration, role, serverThreads, clientThreads));
    if (json.json()) {
      printJson(new Result(line));
    } else {
      out().println(line);
      out().flush();
    }
    return ExitCodes.OK;
  }
}
