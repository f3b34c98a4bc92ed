package jp.jukinet.sim.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.sim.demo.Sites;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.populate.PopulateReport;
import jp.jukinet.sim.populate.PopulateTable;
import jp.jukinet.sim.populate.PopulationPlan;
import jp.jukinet.sim.populate.Populator;
import jp.jukinet.sim.populate.ProgressBar;
import jp.jukinet.sim.populate.Resident;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.verify.VerifyReport;
import jp.jukinet.sim.workload.OperatorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukinet populate}: registers residents in every municipality of a running network in
 * proportion to its population, as 職権記載 through the municipalities' operators ({@link Populator}),
 * with a progress bar; optionally verifies afterwards.
 */
@Command(
    name = "populate",
    description =
        "Register residents in every municipality of the running network, population × --scale each "
            + "(山梨県 826,579 and japan ~126 million at 1.0), as 職権記載 through each CS's operator: "
            + "names with readings, sexes and birth dates after Japan's age pyramid, addresses in the "
            + "municipality, and hard cases for 4情報 search (variant kanji, the same name and birth date "
            + "in two municipalities). Exit 0 when every resident was recorded (and, with --verify, the "
            + "network converged), 1 otherwise, 3 when a node did not answer the verification.")
public final class PopulateCommand extends BaseCommand {
  private static final long PROGRESS_MILLIS = 500;
  private static final long PLAIN_PROGRESS_MILLIS = 5000;

  @Mixin RunDirMixin runDir;

  @Option(
      names = "--scale",
      required = true,
      description = "Fraction of each municipality's population to register, > 0 and <= 1.")
  double scale;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Seed: the same seed (and --as-of) gives the same residents (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--as-of",
      description =
          "The day ages are counted on and the 異動年月日 of every 職権記載 (default: today on the network's calendar).")
  String asOf;

  @Option(
      names = "--parallel",
      defaultValue = "32768",
      description =
          "Residents in flight over all CSs, the municipalities taking turns (default: "
              + "${DEFAULT-VALUE}, i.e. 65 requests of 500; at least one request).")
  int parallel;

  @Option(
      names = "--bulk",
      defaultValue = "500",
      description =
          "Residents per request: 2 to 1000 sends BulkRecordRequest frames of that many (one transaction "
              + "each at the CS); 1 sends one ResidentOperationRequest (ExOfficioRecord) per resident "
              + "(default: ${DEFAULT-VALUE}).")
  int bulk;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Deadline of each request's answer, connection included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--verify",
      description =
          "Verify afterwards, waiting until every CS, prefecture and 全国サーバ agree (up to --wait).")
  boolean verify;

  @Option(
      names = "--wait",
      defaultValue = "300s",
      converter = DurationConverter.class,
      description = "How long --verify may wait for convergence (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Mixin JsonMixin json;

  @Override
  public Integer call() throws InterruptedException {
    if (!(scale > 0) || scale > 1) {
      throw new InvalidInputException("--scale " + scale + " must be > 0 and <= 1");
    }
    if (bulk < 1 || bulk > Populator.MAX_PER_REQUEST) {
      throw new InvalidInputException(
          "--bulk " + bulk + " must be 1 to " + Populator.MAX_PER_REQUEST);
    }
    if (parallel < 1) {
      throw new InvalidInputException("--parallel " + parallel + " must be at least 1");
    }
    RunDirectory dir = runDir.runDirectory();
    NetworkState state = runDir.recordedState();
    LocalDate day = day(dir);
    Sites sites;
    try {
      sites = Sites.of(state, topology(state));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    PopulationPlan plan = PopulationPlan.of(sites, scale, seed, day);
    if (verify) {
      requireHeapToVerify(plan.total(), Runtime.getRuntime().maxMemory());
    }
    // --parallel counts residents in flight; a bulk request holds many.
    int window = Math.max(1, parallel / bulk);
    if (!json.json()) {
      out()
          .printf(
              "jukinet populate: %,d residents (scale %s) as 職権記載 in %d municipalities of %s, seed %d, as of %s, %s%n",
              plan.total(),
              scale,
              plan.places().size(),
              state.topology(),
              seed,
              day,
              bulk == 1 ? "one request each" : bulk + " per BulkRecordRequest");
      out().flush();
    }
    long t0 = System.nanoTime();
    PopulateReport report;
    try (NodeRuntime runtime = NodeRuntime.create(2, 1)) {
      Populator populator;
      boolean finished;
      try (OperatorClient operators =
          new OperatorClient(
              runtime.transport(), dir.pkiDir(), OperatorClient.csAddresses(state), timeout)) {
        populator = new Populator(operators, plan, window, bulk);
        finished = await(populator.start(), populator, plan.total(), t0);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      VerifyReport verified =
          verify
              ? VerifyCommand.verifyUntilConverged(
                  dir, state, runtime, verifyTimeout(plan.total(), state.nodes().size()), wait)
              : null;
      List<String> errors = new ArrayList<>(populator.errors());
      if (!finished) {
        errors.add(0, "some requests were still unanswered after their deadline");
      }
      report =
          new PopulateReport(
              state.topology(),
              scale,
              seed,
              day.toString(),
              plan.places().size(),
              plan.total(),
              populator.recorded(),
              populator.failed(),
              populator.recorded(Resident.Kind.VARIANT_KANJI),
              populator.variantSurnames(),
              populator.recorded(Resident.Kind.SAME_NAME_AND_BIRTH_ELSEWHERE),
              Math.round(seconds * 10) / 10.0,
              Math.round(populator.recorded() / seconds),
              errors,
              verified);
    }
    emit(json, CommandResult.of(report, text -> PopulateTable.print(report, text)));
    if (report.ok()) {
      return ExitCodes.OK;
    }
    return report.verify() != null && report.verify().partial()
        ? ExitCodes.UNEXPECTED_STATE
        : ExitCodes.FAILURE;
  }

  /**
   * What {@code verify} holds per resident: the records of a municipality as its CS, prefecture
   * server and national server answered them, until compared (measured: 山梨県 at 1.0, 826,579
   * residents, peaked at 893 MB live; this leaves room for the garbage around it).
   */
  static final long VERIFY_BYTES_PER_RESIDENT = 2_000;

  /**
   * Refuses {@code --verify} up front, before populating, when this JVM's heap is too small to
   * verify that many residents, naming the heap it needs, rather than running out of memory at the
   * end.
   */
  static void requireHeapToVerify(long residents, long maxHeap) {
    long need = residents * VERIFY_BYTES_PER_RESIDENT;
    if (need > maxHeap) {
      long gigabytes = (need + (1L << 30) - 1) >> 30;
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "--verify of %,d residents needs about %,d MB of heap and this JVM has %,d MB: run with "
                  + "JUKINET_JAVA_OPTS=-Xmx%dg, or populate without --verify and run 'JUKINET_JAVA_OPTS=-Xmx%dg "
                  + "./jukinet verify' afterwards",
              residents,
              need >> 20,
              maxHeap >> 20,
              gigabytes,
              gigabytes));
    }
  }

  /**
   * A verification reads every record of every node within one deadline: 40 s (or 50 ms per node)
   * plus a second per 2,000 residents, since the largest CS (甲府市: 188,000 at scale 1.0) lists its
   * records alone.
   */
  static Duration verifyTimeout(long residents, int nodes) {
    return TimeoutMixin.scaled(Duration.ofSeconds(40), TimeoutMixin.DEFAULT_PER_NODE, nodes)
        .plusSeconds(residents / 2000);
  }

  /** Waits for the populator, drawing the progress bar; false when the deadline passed first. */
  private boolean await(CompletableFuture<Void> done, Populator p, long total, long t0)
      throws InterruptedException {
    boolean terminal = System.console() != null && !json.json();
    long every = terminal ? PROGRESS_MILLIS : PLAIN_PROGRESS_MILLIS;
    // Every request has its own deadline; the whole run cannot outlast the slowest lane by more.
    long limit = System.nanoTime() + timeout.toNanos() * (1 + total / Math.max(1, parallel));
    PrintWriter out = out();
    try {
      while (true) {
        try {
          done.get(every, TimeUnit.MILLISECONDS);
          progress(out, terminal, p, total, t0);
          if (terminal) {
            out.println();
          }
          return true;
        } catch (TimeoutException e) {
          progress(out, terminal, p, total, t0);
          if (System.nanoTime() > limit) {
            return false;
          }
        }
      }
    } catch (ExecutionException e) {
      return false;
    }
  }

  private void progress(PrintWriter out, boolean terminal, Populator p, long total, long t0) {
    if (json.json()) {
      return;
    }
    String line =
        ProgressBar.line(p.recorded() + p.failed(), total, (System.nanoTime() - t0) / 1e9);
    out.print(terminal ? "\r" + line : line + System.lineSeparator());
    out.flush();
  }

  private LocalDate day(RunDirectory dir) {
    if (asOf != null) {
      try {
        return IsoDates.parse(asOf);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException("--as-of '" + asOf + "' is not a date such as 2020-10-01");
      }
    }
    Clock clock = dir.readCalendar().map(c -> c.clock(Clock.systemUTC())).orElse(Clock.systemUTC());
    return IsoDates.today(clock);
  }

  private static Topology topology(NetworkState state) {
    try {
      return Topologies.resolve(state.topology());
    } catch (RuntimeException e) {
      return null; // a topology file moved since 'up': every CS then weighs the same
    }
  }
}
