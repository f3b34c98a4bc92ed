package jp.jukinet.sim.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.FakeResidents;
import jp.jukinet.sim.workload.ResidentRequests;
import org.HdrHistogram.Recorder;

/**
 * 出生 load on many CSs at once: one operator connection per CS ({@code <cs code>-01}), each keeping
 * {@code window} ResidentOperationRequests in flight (closed loop: a slot is refilled as soon as
 * its answer arrives, so the send time is the intended send time). Records the operator
 * acknowledgement latency and, for every {@code sampleEvery}-th birth, its (CS, sequence) and send
 * time for an end-to-end check elsewhere.
 */
public final class BirthLoad implements AutoCloseable {
  private static final EnvelopeHandler IGNORE = (c, e) -> {};
  private static final String BIRTH_DATE = "2021-04-01";

  /** A sampled birth: which CS, the change's sequence there, when it was sent (nanoTime). */
  public record Sample(String cs, long sequence, long sentNanos) {}

  private final List<Connection> connections;
  private final List<String> codes;
  private final int window;
  private final long limitPerCs;
  private final int sampleEvery;
  private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong counter = new AtomicLong();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private volatile boolean stopping;
  private final List<CompletableFuture<Void>> done = new ArrayList<>();

  private BirthLoad(
      List<Connection> connections,
      List<String> codes,
      int window,
      long limitPerCs,
      int sampleEvery) {
    this.connections = connections;
    this.codes = codes;
    this.window = window;
    this.limitPerCs = limitPerCs;
    this.sampleEvery = sampleEvery;
  }

  /**
   * Connects an operator to each CS and starts the load.
   *
   * @param limitPerCs births per CS before that CS's loop stops (Long.MAX_VALUE: until {@link
   *     #stop})
   * @param sampleEvery keep every n-th birth as a {@link Sample} (0: none)
   */
  public static BirthLoad start(
      TransportResources resources,
      Path pkiDir,
      Map<PeerId, InetSocketAddress> css,
      int window,
      long limitPerCs,
      int sampleEvery) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    List<Connection> conns = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    try {
      for (Map.Entry<PeerId, InetSocketAddress> e : css.entrySet()) {
        PeerId op = Topology.operatorOf(e.getKey());
        Connection c =
            TransportClient.connect(
                    resources,
                    NodeTls.load(pkiDir, op),
                    op,
                    e.getKey(),
                    e.getValue(),
                    IGNORE,
                    TransportSettings.defaults())
                .get(30, TimeUnit.SECONDS);
        conns.add(c);
        codes.add(e.getKey().code());
      }
    } catch (Exception e) {
      conns.forEach(Connection::close);
      throw new IllegalStateException("cannot connect the operators: " + e.getMessage(), e);
    }
    BirthLoad load = new BirthLoad(conns, codes, window, limitPerCs, sampleEvery);
    for (int i = 0; i < conns.size(); i++) {
      CompletableFuture<Void> finished = new CompletableFuture<>();
      load.done.add(finished);
      Lane lane = load.new Lane(conns.get(i), codes.get(i), finished);
      for (int w = 0; w < window; w++) {
        lane.next();
      }
    }
    return load;
  }

  /** One CS's loop. */
  private final class Lane {
    final Connection c;
    final String code;
    final CompletableFuture<Void> finished;
    final AtomicLong issued = new AtomicLong();
    final AtomicLong outstanding = new AtomicLong();

    Lane(Connection c, String code, CompletableFuture<Void> finished) {
      this.c = c;
      this.code = code;
      this.finished = finished;
    }

    void next() {
      if (stopping || issued.incrementAndGet() > limitPerCs) {
        if (outstanding.get() == 0) {
          finished.complete(null);
        }
        return;
      }
      outstanding.incrementAndGet();
      long n = counter.incrementAndGet();
      long sent = System.nanoTime();
      ResidentOperationRequest.Builder req =
          ResidentRequests.birth(FakeResidents.numbered(n, "合成市" + code, BIRTH_DATE), "負荷 世帯主", "子")
              .setReasonDate(BIRTH_DATE);
      c.request(ResidentRequests.envelope(req), Duration.ofSeconds(60))
          .whenComplete(
              (resp, err) -> {
                long now = System.nanoTime();
                if (err == null && resp.hasResidentOperationResponse()) {
                  latency.recordValue(Math.max(1, (now - sent) / 1000));
                  acked.incrementAndGet();
                  if (sampleEvery > 0 && n % sampleEvery == 0) {
                    samples.add(
                        new Sample(
                            code,
                            resp.getResidentOperationResponse().getChange().getSequence(),
                            sent));
                  }
                } else {
                  failed.incrementAndGet();
                  if (errors.size() < 10) {
                    errors.add(
                        code
                            + ": "
                            + (err != null ? err.toString() : resp.getBodyCase().toString()));
                  }
                }
                long left = outstanding.decrementAndGet();
                if (stopping && left == 0) {
                  finished.complete(null);
                }
                next();
              });
    }
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  public Recorder latency() {
    return latency;
  }

  /** Drains the sampled births recorded so far. */
  public List<Sample> takeSamples() {
    List<Sample> out = new ArrayList<>();
    for (Sample s; (s = samples.poll()) != null; ) {
      out.add(s);
    }
    return out;
  }

  /**
   * Waits until every CS's loop finished (its limit reached, or stopped), at most {@code timeout}.
   */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    try {
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  public void stop() {
    stopping = true;
  }

  @Override
  public void close() {
    stopping = true;
    connections.forEach(Connection::close);
  }

  public List<String> codes() {
    return codes;
  }
}
