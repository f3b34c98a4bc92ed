package jp.jukinet.sim.scenario;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a fault's life as the run saw it, recorded in {@code history.jsonl} with {@code
 * "type": "failure"}: {@code occur} (the fault applied: kind, target, 団体コード and 団体名, link), {@code
 * detect} (the network first showed it: observer and what it showed), {@code heal} (the runner
 * undid it), {@code recover} (the network first showed it whole again).
 *
 * @param fault the fault's number in the run, from 1
 * @param atMillis real time, epoch ms
 * @param sim the simulated time on the run's calendar, or null
 * @param fields the phase's fields (kind, target, code, name, link, detail, observer, note)
 */
public record FailureEvent(
    int fault, String phase, long atMillis, Instant sim, Map<String, String> fields) {
  public static final String TYPE = "failure";
  public static final String OCCUR = "occur";
  public static final String DETECT = "detect";
  public static final String HEAL = "heal";
  public static final String RECOVER = "recover";

  public FailureEvent {
    Objects.requireNonNull(phase, "phase");
    fields = Map.copyOf(fields);
  }

  /** The time the reports print: simulated on a calendar, else real. */
  public Instant shown() {
    return sim != null ? sim : Instant.ofEpochMilli(atMillis);
  }

  String field(String name) {
    return fields.getOrDefault(name, "");
  }
}
