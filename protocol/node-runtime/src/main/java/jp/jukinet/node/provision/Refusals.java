package jp.jukinet.node.provision;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.protocol.transport.Connection;

/**
 * Writes refusals to the node's security log ({@link SecurityRecorder}) and counts them by rule:
 * the purpose checks' refusals, provision bodies refused to a role that may not send them, agency
 * certificates refused at the handshake. Counters: {@code refusals} and {@code refusals.<rule>}.
 */
public final class Refusals {
  private final NodeDatabase db;
  private final SecurityRecorder log;
  private final Clock clock;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, LongAdder> byRule = new ConcurrentHashMap<>();

  public Refusals(NodeDatabase db, SecurityRecorder log, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * An event about {@code request} on {@code connection}: who (certificate name and subject), what
   * (the body) and when; the caller adds 事務, method, rule and message.
   */
  public SecurityEvent.Builder about(Connection connection, Envelope request) {
    return SecurityEvent.newBuilder()
        .setAtMillis(clock.millis())
        .setPeer(connection.peer().name())
        .setPeerSubject(
            connection.peerCertificate().map(c -> c.getSubjectX500Principal().getName()).orElse(""))
        .setBody(request.getBodyCase().name().toLowerCase(Locale.ROOT));
  }

  /** An event at this moment about a peer known only by its certificate subject. */
  public SecurityEvent.Builder at() {
    return SecurityEvent.newBuilder().setAtMillis(clock.millis());
  }

  /**
   * Writes {@code event} (its rule set) durably; completes with its sequence once committed, and
   * counts it then.
   */
  public CompletableFuture<Long> record(SecurityEvent.Builder event) {
    if (event.getRule().isEmpty()) {
      throw new IllegalArgumentException("a security event needs its rule");
    }
    SecurityEvent e = event.build();
    long[] sequence = new long[1];
    return db.commit(txn -> sequence[0] = log.stage(txn, e))
        .thenApply(
            done -> {
              total.incrementAndGet();
              byRule.computeIfAbsent(e.getRule(), r -> new LongAdder()).increment();
              return sequence[0];
            });
  }

  /** Refusals recorded since the node started. */
  public long count() {
    return total.get();
  }

  /** {@code refusals} and {@code refusals.<rule>}, for NodeStatus. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    out.put("refusals", total.get());
    byRule.forEach((rule, n) -> out.put("refusals." + rule, n.sum()));
    return out;
  }
}
