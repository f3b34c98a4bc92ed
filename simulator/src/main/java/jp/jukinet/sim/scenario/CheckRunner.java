package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.verify.VerifyException;
import jp.jukinet.sim.verify.VerifyReport;
import jp.jukinet.sim.workload.Deadline;

/**
 * Runs {@code check} steps: each asks the network again (every half second) until it passes or its
 * {@code within} has passed, and answers pass, fail or unknown with what it found.
 */
final class CheckRunner {
  private static final Duration POLL = Duration.ofMillis(500);

  private final ScenarioNetwork network;
  private final Monitor monitor;
  private final DemoWorkload workload;
  private final ProvisionChecks provisions;

  CheckRunner(
      ScenarioNetwork network, Monitor monitor, DemoWorkload workload, ProvisionChecks provisions) {
    this.network = network;
    this.monitor = monitor;
    this.workload = workload;
    this.provisions = provisions;
  }

  /** Checks {@code kind}, retrying for {@code within}. */
  CheckResult run(CheckKind kind, Duration within, long runStartMillis)
      throws InterruptedException {
    long t0 = System.nanoTime();
    Deadline deadline = Deadline.in(within);
    String[] outcome;
    while (true) {
      outcome =
          switch (kind) {
            case CONVERGENCE -> convergence();
            case EXACTLY_ONCE -> exactlyOnce();
            case UNIQUE_CODES -> uniqueCodes();
            case MOVES_CONFIRMED -> movesConfirmed(deadline);
            case PROVISION_LOG -> provisions.provisionLog();
            case PURPOSE_LIMITS -> provisions.purposeLimits();
            case VERIFY_LOG -> provisions.verifyLog();
          };
      if (outcome[0].equals(CheckResult.PASS) || deadline.passed()) {
        break;
      }
      Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, deadline.remaining().toMillis())));
    }
    return new CheckResult(
        kind.name().toLowerCase(Locale.ROOT),
        outcome[0],
        outcome[1],
        Math.round((System.nanoTime() - t0) / 1e7) / 100.0,
        System.currentTimeMillis() - runStartMillis);
  }

  private String[] convergence() throws InterruptedException {
    VerifyReport r = monitor.verifier().verify(network.state(), Deadline.in(Monitor.ASK));
    if (r.converged()) {
      return pass(
          "no difference, no lag: "
              + r.csRecords()
              + " records of "
              + r.municipalities()
              + " municipalities at every level");
    }
    if (r.partial()) {
      return unknown(
          r.notAnswering().size()
              + " node(s) did not answer: "
              + r.notAnswering().stream()
                  .limit(3)
                  .map(n -> n.node() + " (" + n.error() + ")")
                  .toList());
    }
    return fail(
        r.differenceCount()
            + " difference(s), "
            + r.lag().size()
            + " link(s) with lag"
            + (r.differences().isEmpty()
                ? ""
                : "; first: "
                    + r.differences().get(0).node()
                    + " "
                    + r.differences().get(0).kind()
                    + " "
                    + r.differences().get(0).juminhyoCode()));
  }

  /**
   * Each CS's count of changes equals what its prefecture and the national server applied from it:
   * none lost, none applied twice (their ledgers apply each municipality's sequence once, in
   * order).
   */
  private String[] exactlyOnce() {
    NetworkState state = network.state();
    Map<PeerId, Map<String, Long>> counters = new HashMap<>();
    List<String> silent = new ArrayList<>();
    for (StatusCollector.Answer a : monitor.statuses(state)) {
      if (a.answered()) {
        counters.put(a.node(), a.status().getCountersMap());
      } else {
        silent.add(a.node().name());
      }
    }
    if (!silent.isEmpty()) {
      return unknown("did not answer their status: " + silent);
    }
    Map<PeerId, Long> byPref = new HashMap<>();
    PeerId national =
        state.nodes().stream()
            .map(NetworkState.Node::id)
            .filter(id -> id.role() == NodeRole.NODE_ROLE_NATIONAL)
            .findFirst()
            .orElse(null);
    Map<String, Long> nationalCounters = national == null ? Map.of() : counters.get(national);
    long csChanges = 0;
    List<String> wrong = new ArrayList<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.id().role() != NodeRole.NODE_ROLE_CS) {
        continue;
      }
      long recorded = counters.get(n.id()).getOrDefault("changes_recorded", 0L);
      csChanges += recorded;
      byPref.merge(n.upstreamId(), recorded, Long::sum);
      long above = nationalCounters.getOrDefault("applied." + n.id().code(), 0L);
      if (national != null && above != recorded) {
        wrong.add(n.id().name() + " recorded " + recorded + ", national applied " + above);
      }
    }
    for (Map.Entry<PeerId, Long> e : byPref.entrySet()) {
      long applied =
          counters.getOrDefault(e.getKey(), Map.of()).getOrDefault("changes_applied", -1L);
      if (applied != e.getValue()) {
        wrong.add(e.getKey().name() + " applied " + applied + " of its CSs' " + e.getValue());
      }
    }
    if (national != null) {
      long applied = counters.get(national).getOrDefault("changes_applied", -1L);
      if (applied != csChanges) {
        wrong.add("national applied " + applied + " of the CSs' " + csChanges);
      }
    }
    return wrong.isEmpty()
        ? pass(csChanges + " changes recorded at the CSs, each applied once at every level")
        : fail(String.join("; ", wrong.stream().limit(5).toList()));
  }

  /** No 住民票コード nor 個人番号 held by two current records of different CSs (or twice in one). */
  private String[] uniqueCodes() throws InterruptedException {
    NetworkState state = network.state();
    Map<String, String> codes = new HashMap<>();
    Map<String, String> numbers = new HashMap<>();
    List<String> dup = new ArrayList<>();
    long current = 0;
    for (NetworkState.Node n : state.nodes()) {
      if (n.id().role() != NodeRole.NODE_ROLE_CS || n.port() <= 0) {
        continue;
      }
      List<IdentityInfo> records;
      try {
        records =
            monitor
                .records()
                .listRecords(n.id(), new InetSocketAddress(n.host(), n.port()), n.id().code());
      } catch (VerifyException e) {
        return unknown(n.id().name() + " did not list its records: " + e.getMessage());
      }
      for (IdentityInfo r : records) {
        if (r.getRemoved()) {
          continue;
        }
        current++;
        String had = codes.putIfAbsent(r.getJuminhyoCode(), n.id().name());
        if (had != null) {
          dup.add("住民票コード " + r.getJuminhyoCode() + " at " + had + " and " + n.id().name());
        }
        if (!r.getIndividualNumber().isEmpty()) {
          String hadNumber = numbers.putIfAbsent(r.getIndividualNumber(), n.id().name());
          if (hadNumber != null) {
            dup.add("個人番号 at " + hadNumber + " and " + n.id().name());
          }
        }
      }
    }
    return dup.isEmpty()
        ? pass(current + " current records, every 住民票コード and 個人番号 once")
        : fail(dup.size() + " duplicate(s): " + dup.stream().limit(3).toList());
  }

  private String[] movesConfirmed(Deadline deadline) throws InterruptedException {
    List<String> unconfirmed = workload.awaitMovesConfirmed(deadline);
    return unconfirmed.isEmpty()
        ? pass(workload.moveCount() + " moves, each 転出確定 at its old CS")
        : fail(
            unconfirmed.size()
                + " of "
                + workload.moveCount()
                + " moves without 転出確定: "
                + unconfirmed.stream().limit(3).toList());
  }

  static String[] pass(String detail) {
    return new String[] {CheckResult.PASS, detail};
  }

  static String[] fail(String detail) {
    return new String[] {CheckResult.FAIL, detail};
  }

  static String[] unknown(String detail) {
    return new String[] {CheckResult.UNKNOWN, detail};
  }
}
