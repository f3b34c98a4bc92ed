package jp.jukinet.sim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.demo.DemoReport;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.demo.Sites;
import jp.jukinet.sim.network.CalendarChoice;
import jp.jukinet.sim.network.LaunchGate;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RecordedNetwork;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.OperatorClient;

/**
 * One run of a scenario: launches its network (or uses a running one), registers its population,
 * runs its timeline with a live progress line, heals every fault (also on Ctrl-C, from a shutdown
 * hook), makes the final checks, judges the thresholds, writes the results directory (scenario,
 * history.jsonl, report.json, report.html, node logs) and tears the network down unless kept.
 */
public final class ScenarioRun {
  /** Exit status: every check and threshold passed. */
  public static final int PASSED = 0;

  /** Exit status: some check or threshold failed (or answered unknown), or the run aborted. */
  public static final int FAILED = 1;

  /** Exit status: the scenario was refused before anything started. */
  public static final int INVALID = 2;

  /** Exit status: the network could not be started or found (nothing was run). */
  public static final int NO_NETWORK = 3;

  private static final Duration FINAL_CHECK_WITHIN = Duration.ofSeconds(120);
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(40);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param runDir a running network's run directory ({@code --dir}), or null to launch one
   * @param resultsRoot where the run's results directory is made
   * @param keep leave a launched network running
   * @param scale multiplies the population and every operation rate (a quick run at 0.2, a heavier
   *     one at 5)
   * @param clock the calendar's start instead of the header's ({@code --clock}), or null
   * @param clockRate the calendar's rate instead of the header's ({@code --clock-rate}), or null
   */
  public record Options(
      Path runDir,
      Path resultsRoot,
      boolean keep,
      double scale,
      PrintWriter out,
      String clock,
      String clockRate) {
    public Options {
      if (!(scale > 0) || scale > 1000) {
        throw new IllegalArgumentException("scale " + scale + " must be above 0 and at most 1000");
      }
    }

    public Options(Path runDir, Path resultsRoot, boolean keep, double scale, PrintWriter out) {
      this(runDir, resultsRoot, keep, scale, out, null, null);
    }
  }

  /** How the run ended and where its results are. */
  public record Outcome(int exitStatus, Path results, ScenarioReport report) {}

  private final Scenario scenario;
  private final Path file;
  private final Options options;
  private final Topology topology;
  private final long startMillis = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();
  private final Metrics metrics = new Metrics(startNanos);

  /** Every node the run launches: a Ctrl-C while the network starts stops those started. */
  private final LaunchGate gate = new LaunchGate();

  /** When the timeline started: steps, checks, faults and the time series count from it. */
  private volatile long t0Millis = startMillis;

  private final List<ScenarioReport.StepRecord> steps = new ArrayList<>();
  private final List<CheckResult> checks = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<String> abort = new AtomicReference<>();
  private volatile String current = "starting";
  private volatile ActiveFaults activeFaults;
  private final AtomicLong notSent = new AtomicLong();
  private TopologyTraffic traffic;

  public ScenarioRun(Scenario scenario, Path file, Options options) {
    this.scenario = scenario;
    this.file = file;
    this.options = options;
    this.topology = Topologies.resolve(scenario.topology().spec());
  }

  /**
   * Runs it.
   *
   * @throws ScenarioException when the scenario cannot run this way (e.g. link faults on a network
   *     found running), before anything started
   */
  public Outcome run() throws InterruptedException {
    Set<PeerId> linkTargets = linkTargets();
    if (options.runDir() != null && !linkTargets.isEmpty()) {
      throw new ScenarioException(
          file,
          0,
          0,
          "link faults need a network the runner launches (their fault proxy is in the nodes'"
              + " configs): run without --dir");
    }
    if (options.keep() && !linkTargets.isEmpty()) {
      throw new ScenarioException(
          file,
          0,
          0,
          "--keep cannot keep a network with fault proxies (they end with the run): drop --keep");
    }
    if (scenario.calendar() == null && (options.clock() != null || options.clockRate() != null)) {
      // refused before the results directory is made: nothing started
      throw new ScenarioException(
          file, 0, 0, "--clock and --clock-rate need a scenario with a calendar (header)");
    }
    Path results = resultsDir();
    RunDirectory dir =
        new RunDirectory(options.runDir() != null ? options.runDir() : results.resolve("network"));
    copy(file, results.resolve("scenario.yaml"));
    SimulatedCalendar calendar = calendar(dir);
    LinkProxies proxies = new LinkProxies(linkTargets);
    try (History history = new History(results.resolve("history.jsonl"), startMillis, calendar)) {
      ActiveFaults faults = new ActiveFaults(history, startMillis);
      activeFaults = faults;
      AtomicReference<ScenarioNetwork> launched = new AtomicReference<>();
      // Ctrl-C: heal every fault and stop the network the run launched before the JVM exits.
      Thread hook =
          new Thread(
              () -> {
                faults.healAll();
                proxies.close();
                ScenarioNetwork n = launched.get();
                if (n != null) {
                  n.close();
                } else if (options.runDir() == null && scenario.modeValue() == Mode.PROCESS) {
                  // interrupted while its nodes start (in-JVM ones end with this JVM)
                  new RecordedNetwork(dir).down(STOP_GRACE, gate.close());
                }
              },
              "scenario-heal-on-exit");
      Runtime.getRuntime().addShutdownHook(hook);
      ScenarioReport report;
      try {
        try {
          launched.set(launch(dir, proxies));
        } catch (RuntimeException e) {
          say("jukinet scenario: the network did not start: " + e.getMessage());
          return new Outcome(NO_NETWORK, results, null);
        }
        report = runOn(launched.get(), calendar, history, faults, results, dir, proxies);
      } finally {
        faults.close();
        proxies.close();
        if (launched.get() != null) {
          launched.get().close();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is exiting (Ctrl-C): the hook heals
        }
      }
      if (options.runDir() != null) {
        copyLogs(dir, results.resolve("logs"));
      }
      write(results, report);
      return new Outcome(report.passed() ? PASSED : FAILED, results, report);
    }
  }

  private ScenarioReport runOn(
      ScenarioNetwork network,
      SimulatedCalendar calendar,
      History history,
      ActiveFaults faults,
      Path results,
      RunDirectory dir,
      LinkProxies proxies)
      throws InterruptedException {
    NetworkState state = network.state();
    Clock clock = calendar == null ? Clock.systemUTC() : calendar.clock(Clock.systemUTC());
    long born = 0;
    try (NodeRuntime runtime = NodeRuntime.create(2, 1);
        OperatorClient operators =
            new OperatorClient(
                runtime.transport(),
                dir.pkiDir(),
                OperatorClient.csAddresses(state),
                OPERATION_TIMEOUT);
        Monitor monitor = new Monitor(network, runtime);
        FailureWatch watch =
            new FailureWatch(monitor, topology, Monitor.addresses(state), history, calendar);
        Progress progress = new Progress(options.out(), this::progressLine)) {
      long seed = scenario.population().seed();
      Sites sites = Sites.of(state, topology);
      DemoWorkload workload =
          new DemoWorkload(operators, sites, seed, 64, () -> IsoDates.today(clock));
      progress.start();
      double scale = Math.min(1, scenario.population().scale() * options.scale());
      if (scale > 0) {
        current = "population: scale " + scale;
        PopulationRegistrar.Registered r =
            PopulationRegistrar.register(
                operators, sites, scale, seed, IsoDates.today(clock), workload, OPERATION_TIMEOUT);
        history.record(
            "population",
            System.currentTimeMillis(),
            Map.of("scale", scale, "recorded", r.recorded(), "failed", r.failed()));
        if (!r.complete()) {
          abort.compareAndSet(
              null,
              "population: "
                  + r.recorded()
                  + " of "
                  + r.planned()
                  + " residents recorded ("
                  + (r.firstError() == null ? "not all answered" : r.firstError())
                  + ")");
        }
      }
      born = workload.living();
      int births = (int) Math.ceil(scenario.population().births() * options.scale());
      if (births > 0 && abort.get() == null) {
        current = "population: " + births + " births";
        workload.populate(births);
        history.record(
            "population", System.currentTimeMillis(), Map.of("born", workload.living() - born));
      }
      born = workload.living();
      workload.listen(
          (op, cs, start, end, error) -> {
            metrics.record(op.name().toLowerCase(Locale.ROOT), start, end, error == null);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("op", op.name().toLowerCase(Locale.ROOT));
            f.put("cs", cs);
            f.put("ms", Math.round((end - start) / 1e4) / 100.0);
            f.put("ok", error == null);
            if (error != null) {
              f.put("error", error);
            }
            history.record("op", System.currentTimeMillis(), f);
          });
      // the links' traffic counts from here, the timeline's start
      List<StatusCollector.Answer> statusAtStart = monitor.statuses(state);
      Random random = new Random(seed * 31 + 7);
      RateLoop loop = new RateLoop(metrics, calendar, options.scale());
      Timebase time = new Timebase(calendar);
      OperationsRunner operations = new OperationsRunner(workload, loop, time);
      ProvisionSteps provision =
          new ProvisionSteps(
              network, topology, runtime, monitor, operators, workload, loop, metrics, history);
      FaultRunner faultRunner =
          new FaultRunner(network, proxies, faults, topology, calendar, watch);
      CheckRunner checker = new CheckRunner(network, monitor, workload, provision.checks());
      provision.start(scenario);
      ProvisionMixRunner mixes =
          new ProvisionMixRunner(
              provision.agencies(), workload, loop, metrics, history, time, options.scale());
      t0Millis = System.currentTimeMillis();
      CompositeRunner composites = new CompositeRunner(time, t0Millis);
      // One step's run, by its kind; repeat and together run their inner steps through it too.
      CompositeRunner.StepAction[] dispatch = new CompositeRunner.StepAction[1];
      dispatch[0] =
          step -> {
            if (step instanceof OperationsStep o) {
              notSent.addAndGet(operations.run(o, random, () -> abort.get() != null));
            } else if (ProvisionSteps.handles(step)) {
              notSent.addAndGet(provision.run(step, random, () -> abort.get() != null));
            } else if (step instanceof ProvisionMixStep m) {
              notSent.addAndGet(mixes.run(m, random, () -> abort.get() != null));
            } else if (step instanceof RepeatStep r) {
              composites.repeat(r, dispatch[0], () -> abort.get() != null);
            } else if (step instanceof TogetherStep t) {
              composites.together(t, dispatch[0], () -> abort.get() != null);
            } else if (step instanceof FaultStep f) {
              faultRunner.run(f);
            } else if (step instanceof WaitStep w) {
              if (w.duration() != null) {
                sleep(w.duration().real(calendar));
              } else {
                waitUntil(w.until(), calendar);
              }
            } else if (step instanceof CheckStep c) {
              check(checker, c, Duration.ZERO, calendar, history);
            }
          };
      metrics.startAt(System.nanoTime());
      faults.startAt(t0Millis);
      List<Step> timeline = scenario.timeline();
      for (int i = 0; i < timeline.size() && abort.get() == null; i++) {
        Step step = timeline.get(i);
        waitUntil(step.at(), calendar);
        current = "step " + (i + 1) + "/" + timeline.size() + ": " + step.describe();
        long s0 = System.currentTimeMillis();
        history.record(
            "step", s0, Map.of("index", i + 1, "step", step.describe(), "phase", "start"));
        dispatch[0].run(step);
        long s1 = System.currentTimeMillis();
        steps.add(
            new ScenarioReport.StepRecord(i + 1, step.describe(), s0 - t0Millis, s1 - t0Millis));
        history.record("step", s1, Map.of("index", i + 1, "step", step.describe(), "phase", "end"));
      }
      current = "healing faults";
      faults.healAll();
      for (CheckStep c : scenario.checks()) {
        current = "final " + c.describe();
        check(checker, c, FINAL_CHECK_WITHIN, calendar, history);
      }
      current = "waiting for the network to show every fault recovered";
      watch.awaitRecoveries(FailureWatch.SETTLE);
      if (calendar != null && ProvisionReports.wanted(scenario.timeline())) {
        current = "saving the provision reports";
        ProvisionReports.save(
            runtime, dir, state, calendar, Instant.ofEpochMilli(t0Millis), results);
      }
      progress.stop();
      if (proxies.anyFaulty()) {
        checks.add(
            new CheckResult(
                "faults_healed",
                CheckResult.FAIL,
                "a fault proxy still cuts, drops or delays",
                0,
                System.currentTimeMillis() - t0Millis));
      }
      traffic =
          TopologyTraffic.measure(
              topology, scenario, statusAtStart, monitor.statuses(network.state()));
      return report(workload, faults, calendar, born, watch);
    }
  }

  private void check(
      CheckRunner checker,
      CheckStep c,
      Duration fallback,
      SimulatedCalendar calendar,
      History history)
      throws InterruptedException {
    CheckResult r = checker.run(c.kind(), c.withinOr(fallback, calendar), t0Millis);
    checks.add(r);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("check", r.name());
    f.put("status", r.status());
    f.put("seconds", r.seconds());
    f.put("detail", r.detail());
    history.record("check", System.currentTimeMillis(), f);
  }

  private ScenarioReport report(
      DemoWorkload workload,
      ActiveFaults faults,
      SimulatedCalendar calendar,
      long born,
      FailureWatch watch) {
    List<ThresholdResult> thresholds = ThresholdResult.judge(scenario.thresholds(), metrics);
    List<String> failures = new ArrayList<>();
    for (CheckResult c : checks) {
      if (!c.passed()) {
        failures.add("check " + c.name() + " (" + c.status() + ")");
      }
    }
    for (ThresholdResult t : thresholds) {
      if (!t.passed()) {
        failures.add("threshold " + t.metric() + " " + t.threshold());
      }
    }
    if (abort.get() != null) {
      failures.add("aborted: " + abort.get());
    }
    List<DemoReport.Row> rows = new ArrayList<>(workload.rows());
    long[] lookups = metrics.counts(Metric.LOOKUP);
    rows.add(new DemoReport.Row(Metric.LOOKUP, "即時提供", lookups[0], lookups[1], 0, 0, List.of()));
    rows.addAll(ProvisionSteps.rows(metrics));
    return new ScenarioReport(
        scenario.name(),
        file.toString(),
        scenario.topology().spec(),
        scenario.mode(),
        calendar == null ? null : calendar.describe(),
        calendar == null ? null : calendar.at(Instant.ofEpochMilli(t0Millis)).toString(),
        calendar == null ? 0 : calendar.rate(),
        Instant.ofEpochMilli(startMillis).toString(),
        Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0,
        failures.isEmpty() ? "pass" : "fail",
        failures,
        abort.get(),
        born,
        List.copyOf(steps),
        rows,
        metrics.ok(),
        metrics.failed(),
        notSent.get(),
        metrics.requestedCount(),
        metrics.latency(null),
        metrics.latencyByOperation(),
        metrics.series(),
        metrics.distribution(),
        faults.windows(),
        List.copyOf(checks),
        thresholds,
        watch.report(startMillis, System.currentTimeMillis()),
        traffic);
  }

  /** The line the progress display redraws; also judges abort_on_fail thresholds. */
  private String progressLine() {
    for (ThresholdResult t : ThresholdResult.judge(scenario.thresholds(), metrics)) {
      if (t.abortOnFail() && !t.passed() && metrics.ok() + metrics.failed() >= 10) {
        abort.compareAndSet(null, "threshold " + t.metric() + " " + t.threshold() + " breached");
      }
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    Metrics.Summary l = metrics.latency(null);
    List<String> active = activeFaults == null ? List.of() : activeFaults.describeActive();
    return String.format(
        Locale.ROOT,
        "%5.0fs %s | %d ok, %d failed, %.1f/s | p50 %.0f ms p99 %.0f ms%s",
        secs,
        current,
        metrics.ok(),
        metrics.failed(),
        metrics.lastRate(),
        l.p50(),
        l.p99(),
        active.isEmpty() ? "" : " | faults: " + String.join(", ", active));
  }

  private ScenarioNetwork launch(RunDirectory dir, LinkProxies proxies) {
    LaunchSettings settings = LaunchSettings.defaults(scenario.topology().spec());
    if (options.runDir() != null) {
      if (dir.readState().isEmpty()) {
        throw new IllegalStateException(
            "no network recorded in " + dir.root() + "; start one with 'jukinet up'");
      }
      return new ScenarioNetwork(dir, null, settings, true);
    }
    say(
        "jukinet scenario: starting "
            + topology.nodes().size()
            + " nodes ("
            + scenario.topology().spec()
            + ", "
            + scenario.mode()
            + ") in "
            + dir.root());
    LocalNetwork net =
        LocalNetwork.start(topology, scenario.modeValue(), dir, settings, gate, proxies);
    ScenarioNetwork network = new ScenarioNetwork(dir, net, settings, options.keep());
    try {
      network.awaitLinks(Duration.ofMillis(Math.max(120_000, 150L * topology.nodes().size())));
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    return network;
  }

  private SimulatedCalendar calendar(RunDirectory dir) {
    if (options.runDir() != null) {
      return dir.readCalendar().orElse(null);
    }
    if (scenario.calendar() == null) {
      return null;
    }
    String clock = options.clock() != null ? options.clock() : scenario.calendar().clock();
    String rate =
        options.clockRate() != null ? options.clockRate() : scenario.calendar().clockRate();
    return CalendarChoice.decide(dir, clock, rate, Instant.now()).orElse(null);
  }

  /** The link faults' targets: their upstream links go through fault proxies from the start. */
  private Set<PeerId> linkTargets() {
    Set<PeerId> out = new HashSet<>();
    for (Step s : scenario.timeline()) {
      if (s instanceof FaultStep f && f.kind().onLink()) {
        out.add(f.target().resolve(topology).id());
      }
    }
    return out;
  }

  private void waitUntil(Moment at, SimulatedCalendar calendar) throws InterruptedException {
    if (at == null) {
      return;
    }
    long targetMillis;
    if (at.sinceStart() != null) {
      targetMillis = t0Millis + at.sinceStart().real(calendar).toMillis();
    } else {
      Duration ahead = Duration.between(calendar.at(Instant.now()), at.date());
      targetMillis =
          System.currentTimeMillis()
              + calendar.realTimeFor(ahead.isNegative() ? Duration.ZERO : ahead).toMillis();
    }
    current = "waiting for " + at;
    sleep(Duration.ofMillis(Math.max(0, targetMillis - System.currentTimeMillis())));
  }

  /** Sleeps, waking early on an abort. */
  private void sleep(Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (abort.get() == null) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(200, Math.max(1, left / 1_000_000)));
    }
  }

  private Path resultsDir() {
    String stamp =
        LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path p = options.resultsRoot().resolve(scenario.name() + "-" + stamp);
    for (int i = 2; Files.exists(p); i++) {
      p = options.resultsRoot().resolve(scenario.name() + "-" + stamp + "-" + i);
    }
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + p, e);
    }
    return p;
  }

  private static void write(Path results, ScenarioReport report) {
    try {
      JSON.writeValue(results.resolve("report.json").toFile(), report);
      Files.writeString(
          results.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report in " + results, e);
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  private static void copyLogs(RunDirectory dir, Path to) {
    try (var nodes = Files.list(dir.root().resolve("nodes"))) {
      Files.createDirectories(to);
      for (Path n : nodes.toList()) {
        Path log = n.resolve("node.log");
        if (Files.exists(log)) {
          Files.copy(log, to.resolve(n.getFileName() + ".log"));
        }
      }
    } catch (IOException e) {
      // best effort: the logs stay in the run directory
    }
  }

  private void say(String line) {
    options.out().println(line);
    options.out().flush();
  }
}
