package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * What the run itself counted of its provisions, for the provision checks: persons provided to each
 * agency (by the answers it received) and to each 住民票コード, requests whose outcome it could not know
 * (no answer: the server may have provided), the forbidden requests and how each ended, and what
 * each 開示 showed. Thread-safe.
 */
final class ProvisionLedger {
  /** How a forbidden request ended. */
  enum Forbidden {
    /** PURPOSE_NOT_ALLOWED, as expected. */
    REFUSED,
    /** Answered: a purpose-limit breach. */
    ANSWERED,
    /** No definite answer (a fault, a timeout). */
    UNKNOWN
  }

  /**
   * One 開示 as the run saw it.
   *
   * @param code the 住民票コード asked for
   * @param shown provisions to the run's agencies the 開示 listed
   * @param counted what the run counted for the person's codes the 開示 named
   * @param uncertain requests for those codes without an answer
   * @param forbiddenShown provisions of a forbidden agency × 事務 the 開示 listed
   */
  record Disclosure(String code, long shown, long counted, long uncertain, long forbiddenShown) {}

  private final Map<String, Long> providedByAgency = new TreeMap<>();
  private final Map<String, Long> uncertainByAgency = new TreeMap<>();
  private final Map<String, Long> providedByCode = new HashMap<>();
  private final Map<String, Long> uncertainByCode = new HashMap<>();
  private final Set<String> forbiddenPairs = new LinkedHashSet<>();
  private final Map<Forbidden, Long> forbidden = new TreeMap<>();
  private final List<Disclosure> disclosures = new ArrayList<>();

  /** The certificate name of agency {@code id} ({@code agency-A20}), as logs name requesters. */
  static String requester(String agencyId) {
    return new PeerId(NodeRole.NODE_ROLE_AGENCY, agencyId).name();
  }

  /** The key of a forbidden agency × 事務 pairing. */
  static String pair(String agencyId, String jimu) {
    return requester(agencyId) + " " + jimu;
  }

  /** The agency made a request (so its counters are the run's to compare). */
  synchronized void agencyUsed(String agencyId) {
    providedByAgency.putIfAbsent(agencyId, 0L);
    uncertainByAgency.putIfAbsent(agencyId, 0L);
  }

  /**
   * The agency was answered with these persons (their 住民票コード as provided) in one provision log
   * entry: the counters count each, 開示 shows the entry once per person.
   */
  synchronized void provided(String agencyId, Collection<String> codes) {
    agencyUsed(agencyId);
    providedByAgency.merge(agencyId, (long) codes.size(), Long::sum);
    for (String c : new LinkedHashSet<>(codes)) {
      providedByCode.merge(c, 1L, Long::sum);
    }
  }

  /** A request for {@code codes} got no definite answer: up to that many may have been provided. */
  synchronized void uncertain(String agencyId, Collection<String> codes) {
    agencyUsed(agencyId);
    uncertainByAgency.merge(agencyId, (long) codes.size(), Long::sum);
    for (String c : codes) {
      uncertainByCode.merge(c, 1L, Long::sum);
    }
  }

  /**
   * A request for {@code keys} ended: {@code persons} provided in one log entry when answered
   * ({@code err} null), else the keys in doubt unless the server's answer was definite.
   */
  synchronized void ended(
      String agencyId, Collection<String> keys, Collection<String> persons, Throwable err) {
    if (err == null) {
      provided(agencyId, persons);
    } else {
      unanswered(agencyId, keys, err);
    }
  }

  /**
   * A request stopped by {@code err} left {@code keys} without an answer: in doubt unless definite.
   */
  synchronized void unanswered(String agencyId, Collection<String> keys, Throwable err) {
    agencyUsed(agencyId);
    if (!OperationLog.definite(err)) {
      uncertain(agencyId, keys);
    }
  }

  synchronized void forbiddenRequest(String agencyId, String jimu, Forbidden outcome) {
    agencyUsed(agencyId);
    forbiddenPairs.add(pair(agencyId, jimu));
    forbidden.merge(outcome, 1L, Long::sum);
  }

  synchronized Map<String, Long> providedByAgency() {
    return new TreeMap<>(providedByAgency);
  }

  synchronized Map<String, Long> uncertainByAgency() {
    return new TreeMap<>(uncertainByAgency);
  }

  /** Persons provided for any of {@code codes}, and requests of them without an answer. */
  synchronized long[] counted(Collection<String> codes) {
    long provided = 0;
    long uncertain = 0;
    for (String c : new LinkedHashSet<>(codes)) {
      provided += providedByCode.getOrDefault(c, 0L);
      uncertain += uncertainByCode.getOrDefault(c, 0L);
    }
    return new long[] {provided, uncertain};
  }

  synchronized Set<String> forbiddenPairs() {
    return new LinkedHashSet<>(forbiddenPairs);
  }

  synchronized long forbidden(Forbidden outcome) {
    return forbidden.getOrDefault(outcome, 0L);
  }

  synchronized void disclosed(Disclosure d) {
    disclosures.add(d);
  }

  synchronized List<Disclosure> disclosures() {
    return List.copyOf(disclosures);
  }
}
