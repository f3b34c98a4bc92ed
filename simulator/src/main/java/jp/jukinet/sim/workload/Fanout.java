package jp.jukinet.sim.workload;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import jp.jukinet.protocol.util.Futures;

/**
 * Asks many nodes at once, with at most {@code window} questions in flight (each may open a
 * connection: thousands of TLS handshakes at once starve each other), and stops waiting at one
 * deadline for all: a node that does not answer costs the command at most the deadline, never one
 * timeout after another.
 */
public final class Fanout {
  /** Questions (and so new connections) in flight at once, by default. */
  public static final int WINDOW = 64;

  private Fanout() {}

  /** The answer to one question, or why there is none. */
  public record Outcome<T>(T value, String error) {
    public boolean answered() {
      return error == null;
    }

    static <T> Outcome<T> failed(String error) {
      return new Outcome<>(null, error);
    }
  }

  /**
   * Asks {@code ask(key)} for every key, at most {@code window} at a time, and waits until every
   * answer is in or {@code deadline} has passed; returns each key's outcome in the keys' order. A
   * question not answered by the deadline says so ("no answer within 20 s"); one not even asked by
   * then says that.
   */
  public static <K, T> Map<K, Outcome<T>> ask(
      Collection<K> keys, Function<K, CompletableFuture<T>> ask, Deadline deadline, int window)
      throws InterruptedException {
    if (window < 1) {
      throw new IllegalArgumentException("window " + window + " must be at least 1");
    }
    Semaphore slots = new Semaphore(window);
    Map<K, CompletableFuture<T>> pending = new LinkedHashMap<>();
    for (K key : keys) {
      if (!slots.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
        pending.put(
            key,
            CompletableFuture.failedFuture(
                new TimeoutException(
                    "not asked within " + deadline.describe() + " (busy with others)")));
        continue;
      }
      CompletableFuture<T> f;
      try {
        f = ask.apply(key);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      pending.put(key, f.whenComplete((v, e) -> slots.release()));
    }
    Map<K, Outcome<T>> out = new LinkedHashMap<>();
    for (Map.Entry<K, CompletableFuture<T>> e : pending.entrySet()) {
      out.put(e.getKey(), outcome(e.getValue(), deadline));
    }
    return out;
  }

  private static <T> Outcome<T> outcome(CompletableFuture<T> f, Deadline deadline)
      throws InterruptedException {
    try {
      return new Outcome<>(f.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS), null);
    } catch (ExecutionException e) {
      return Outcome.failed(describe(e));
    } catch (TimeoutException e) {
      return Outcome.failed("no answer within " + deadline.describe());
    }
  }

  /** A failure's message, its class name when it has none. */
  public static String describe(Throwable failure) {
    Throwable t = Futures.unwrap(failure);
    if (t instanceof TimeoutException && (t.getMessage() == null || t.getMessage().isBlank())) {
      return "no answer (timed out)";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
