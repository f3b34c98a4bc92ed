package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.provision.LogVerifier;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.report.ReportClient;
import jp.jukinet.sim.report.ReportException;
import jp.jukinet.sim.report.ReportPeriod;
import jp.jukinet.sim.verify.ProvisionLogReader;
import jp.jukinet.sim.verify.VerifyException;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * The provision checks, asked of the servers as the monitor: {@code provision_log} (the national
 * server's 提供件数 for the run's agencies, and each 開示 the run made, agree with what the run counted),
 * {@code purpose_limits} (no forbidden request was provided: refused when made, absent from the
 * counters and from every 開示) and {@code verify_log} (every server's provision log verifies, as
 * {@code jukinet verify-log}). The run's share of the counters is their value now less their value
 * when the timeline started.
 */
final class ProvisionChecks {
  /** Every month: the counters of the run are a difference, whatever the calendar says. */
  private static final ReportPeriod ALL =
      new ReportPeriod(YearMonth.of(1900, 1), YearMonth.of(9999, 12), null);

  private final ScenarioNetwork network;
  private final NodeConnections monitor;
  private final ProvisionLedger ledger;
  private final Duration ask;

  /** The national counters by requester and 事務 when the timeline started; null: not known. */
  private volatile Map<String, Long> baseline;

  private volatile String baselineError = "not taken";

  ProvisionChecks(
      ScenarioNetwork network, NodeConnections monitor, ProvisionLedger ledger, Duration ask) {
    this.network = network;
    this.monitor = monitor;
    this.ledger = ledger;
    this.ask = ask;
  }

  /** Whether {@code scenario} checks the national counters (so needs their value at the start). */
  static boolean needed(Scenario scenario) {
    List<CheckStep> all = new ArrayList<>(scenario.checks());
    scenario.timeline().stream()
        .filter(s -> s instanceof CheckStep)
        .forEach(s -> all.add((CheckStep) s));
    return all.stream()
        .anyMatch(c -> c.kind() == CheckKind.PROVISION_LOG || c.kind() == CheckKind.PURPOSE_LIMITS);
  }

  /** Reads the counters the run's will be measured from (at the timeline's start). */
  void takeBaseline() throws InterruptedException {
    try {
      baseline = counters();
    } catch (ReportException e) {
      baseline = null;
      baselineError = e.getMessage();
    }
  }

  /** The national 提供件数 by "requester 事務", every month and method summed. */
  private Map<String, Long> counters() throws ReportException, InterruptedException {
    NetworkState.Node n = node(PeerId.national());
    if (n == null) {
      throw new ReportException("the national server has no published port");
    }
    Map<String, Long> out = new HashMap<>();
    for (CounterRow r :
        new ReportClient(monitor, ask)
            .counters(
                n.id(),
                new InetSocketAddress(n.host(), n.port()),
                ReportKind.REPORT_KIND_PROVISIONS,
                ALL)) {
      out.merge(r.getRequester() + " " + r.getJimuCode(), r.getCount(), Long::sum);
    }
    return out;
  }

  /** The run's share of the counters, or an answer saying why it cannot be known. */
  private Map<String, Long> runCounters(String[][] why) throws InterruptedException {
    if (baseline == null) {
      why[0] = CheckRunner.unknown("no counters at the timeline's start: " + baselineError);
      return null;
    }
    try {
      Map<String, Long> now = counters();
      Map<String, Long> delta = new HashMap<>();
      now.forEach((k, v) -> delta.put(k, v - baseline.getOrDefault(k, 0L)));
      return delta;
    } catch (ReportException e) {
      why[0] = CheckRunner.unknown("the national counters: " + e.getMessage());
      return null;
    }
  }

  String[] provisionLog() throws InterruptedException {
    String[][] why = new String[1][];
    Map<String, Long> delta = runCounters(why);
    if (delta == null) {
      return why[0];
    }
    List<String> wrong = new ArrayList<>();
    List<String> doubt = new ArrayList<>();
    List<String> agreed = new ArrayList<>();
    Map<String, Long> uncertain = ledger.uncertainByAgency();
    for (Map.Entry<String, Long> e : ledger.providedByAgency().entrySet()) {
      String requester = ProvisionLedger.requester(e.getKey());
      long logged =
          delta.entrySet().stream()
              .filter(d -> d.getKey().startsWith(requester + " "))
              .mapToLong(Map.Entry::getValue)
              .sum();
      judge(
          e.getKey() + ": log " + logged + ", counted " + e.getValue(),
          logged,
          e.getValue(),
          uncertain.getOrDefault(e.getKey(), 0L),
          wrong,
          doubt,
          agreed);
    }
    for (ProvisionLedger.Disclosure d : ledger.disclosures()) {
      judge(
          "開示 " + d.code() + ": shown " + d.shown() + ", counted " + d.counted(),
          d.shown(),
          d.counted(),
          d.uncertain(),
          wrong,
          doubt,
          agreed);
    }
    if (!wrong.isEmpty()) {
      return CheckRunner.fail(String.join("; ", wrong.stream().limit(5).toList()));
    }
    if (!doubt.isEmpty()) {
      return CheckRunner.unknown(
          "requests without an answer may have been provided: "
              + String.join("; ", doubt.stream().limit(5).toList()));
    }
    return agreed.isEmpty()
        ? CheckRunner.pass("the run made no agency request nor 開示")
        : CheckRunner.pass(String.join("; ", agreed.stream().limit(8).toList()));
  }

  /** Equal: agreed; above what was counted by at most the requests without an answer: doubt. */
  private static void judge(
      String what,
      long logged,
      long counted,
      long uncertain,
      List<String> wrong,
      List<String> doubt,
      List<String> agreed) {
    if (logged == counted) {
      agreed.add(what);
    } else if (logged > counted && logged <= counted + uncertain) {
      doubt.add(what + " (+" + uncertain + " without an answer)");
    } else {
      wrong.add(what);
    }
  }

  String[] purposeLimits() throws InterruptedException {
    long refused = ledger.forbidden(ProvisionLedger.Forbidden.REFUSED);
    long answered = ledger.forbidden(ProvisionLedger.Forbidden.ANSWERED);
    long unknown = ledger.forbidden(ProvisionLedger.Forbidden.UNKNOWN);
    List<String> wrong = new ArrayList<>();
    if (answered > 0) {
      wrong.add(answered + " forbidden request(s) answered");
    }
    String[][] why = new String[1][];
    Map<String, Long> delta = runCounters(why);
    if (delta == null) {
      return wrong.isEmpty() ? why[0] : CheckRunner.fail(String.join("; ", wrong));
    }
    for (String pair : ledger.forbiddenPairs()) {
      long logged = delta.getOrDefault(pair, 0L);
      if (logged > 0) {
        wrong.add(pair + ": " + logged + " provision(s) in the national log");
      }
    }
    for (ProvisionLedger.Disclosure d : ledger.disclosures()) {
      if (d.forbiddenShown() > 0) {
        wrong.add("開示 " + d.code() + " shows " + d.forbiddenShown() + " forbidden provision(s)");
      }
    }
    if (!wrong.isEmpty()) {
      return CheckRunner.fail(String.join("; ", wrong.stream().limit(5).toList()));
    }
    long made = refused + unknown;
    return CheckRunner.pass(
        made == 0
            ? "the run made no forbidden request"
            : made
                + " forbidden request(s) of "
                + ledger.forbiddenPairs()
                + ": "
                + refused
                + " refused (PURPOSE_NOT_ALLOWED), "
                + unknown
                + " without an answer; none in the provision log nor in "
                + ledger.disclosures().size()
                + " 開示");
  }

  String[] verifyLog() throws InterruptedException {
    List<String> ok = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    ProvisionLogReader reader = new ProvisionLogReader(monitor, ask);
    for (NetworkState.Node n : network.state().nodes()) {
      NodeRole role = n.id().role();
      if (role != NodeRole.NODE_ROLE_NATIONAL && role != NodeRole.NODE_ROLE_PREFECTURE) {
        continue;
      }
      try {
        LogVerifier.Result r =
            reader.verify(
                n.id(),
                new InetSocketAddress(n.host(), n.port()),
                ProvisionLogReader.certificate(network.dir().pkiDir(), n.id()).getPublicKey());
        if (r.ok()) {
          ok.add(n.name() + " " + r.entries() + " entries");
        } else {
          bad.add(n.name() + " at entry " + r.firstBad() + ": " + r.reason());
        }
      } catch (VerifyException e) {
        silent.add(n.name() + ": " + e.getMessage());
      }
    }
    if (!bad.isEmpty()) {
      return CheckRunner.fail("provision log FAILED: " + String.join("; ", bad));
    }
    if (!silent.isEmpty()) {
      return CheckRunner.unknown("not verified: " + String.join("; ", silent));
    }
    return CheckRunner.pass("provision logs verified: " + String.join(", ", ok));
  }

  private NetworkState.Node node(PeerId id) {
    return network.state().nodes().stream()
        .filter(n -> n.id().equals(id) && n.port() > 0)
        .findFirst()
        .orElse(null);
  }
}
