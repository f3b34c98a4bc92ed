package jp.jukinet.sim.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.workload.AgencyClient;

/**
 * Runs a {@code provision_mix} step. Its 即時提供 share of the rate goes through {@link RateLoop}, a
 * lookup each ({@link AgencyRunner#lookup}); the batch share is cut into periods of {@code
 * batch_every} that never cross a month's start, and at the start of each the period's records are
 * drawn cell by cell and sent as one {@link LedgerBatch} per 事務 × method, so that they count in the
 * month they belong to. What the answers provided goes to the run's {@link ProvisionLedger} as an
 * {@code agency} step's does. The server takes one batch at a time on a connection, so each agency
 * sends its batches over {@value #LANES} connections of its own, one batch after another on each.
 */
final class ProvisionMixRunner {
  /** The name of an 一括提供 run in metrics and the history. */
  static final String BATCH = "batch";

  private static final int LANES = 4;

  private final AgencyRunner agencies;
  private final DemoWorkload workload;
  private final RateLoop loop;
  private final Metrics metrics;
  private final History history;
  private final Timebase time;
  private final double scale;
  private final AtomicLong batchIds = new AtomicLong();

  ProvisionMixRunner(
      AgencyRunner agencies,
      DemoWorkload workload,
      RateLoop loop,
      Metrics metrics,
      History history,
      Timebase time,
      double scale) {
    this.agencies = agencies;
    this.workload = workload;
    this.loop = loop;
    this.metrics = metrics;
    this.history = history;
    this.time = time;
    this.scale = scale;
  }

  /**
   * @return records due but not sent (即時提供 with every slot busy, batch records with no resident)
   */
  long run(ProvisionMixStep step, Random random, BooleanSupplier stop) throws InterruptedException {
    Instant start = time.now();
    ProvisionShares shares = step.shares();
    double immediate = shares.share(ProvisionMethod.PROVISION_METHOD_IMMEDIATE);
    // opened on first use: opening them all first would hold the batches back
    Map<String, AgencyClient> clients = new ConcurrentHashMap<>();
    AtomicLong notSent = new AtomicLong();
    Thread lookups = null;
    try {
      if (immediate > 0) {
        ProvisionShares one =
            shares.only(List.of(), List.of(ProvisionMethod.PROVISION_METHOD_IMMEDIATE));
        Rate r = ProvisionMixStep.part(step.rate(), immediate);
        lookups =
            new Thread(
                () -> {
                  try {
                    notSent.addAndGet(
                        loop.run(
                            r,
                            step.duration(),
                            step.parallel(),
                            stop,
                            () -> {
                              ProvisionShares.Cell c = one.draw(random);
                              return agencies.lookup(
                                  clients.computeIfAbsent(c.agency(), agencies::open),
                                  c.agency(),
                                  c.jimu(),
                                  random);
                            }));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "provision-mix-lookups");
        lookups.start();
      }
      if (immediate < 1) {
        ProvisionShares batched =
            shares.only(
                List.of(),
                List.of(
                    ProvisionMethod.PROVISION_METHOD_BATCH_LINE,
                    ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA));
        notSent.addAndGet(batches(step, start, batched, 1 - immediate, random, stop));
      }
      if (lookups != null) {
        lookups.join();
      }
    } finally {
      if (lookups != null) {
        lookups.interrupt();
      }
      clients.values().forEach(AgencyClient::close);
    }
    return notSent.get();
  }

  private long batches(
      ProvisionMixStep step,
      Instant start,
      ProvisionShares batched,
      double share,
      Random random,
      BooleanSupplier stop)
      throws InterruptedException {
    double perRealSecond = step.rate().perSecond(time.calendar()) * scale * share;
    Span every =
        step.batchEvery() != null
            ? step.batchEvery()
            : time.calendar() != null ? Span.parse("1day simulated") : Span.parse("10s real");
    Instant t = start;
    Instant end = t.plus(time.length(step.duration()));
    double carry = 0;
    long notSent = 0;
    Map<String, Lanes> lanes = new HashMap<>();
    try {
      while (t.isBefore(end) && !stop.getAsBoolean()) {
        Instant next = min(t.plus(time.length(every)), end);
        if (time.calendar() != null) {
          next = min(next, Timebase.nextMonth(t));
        }
        double due = perRealSecond * time.real(t, next).toNanos() / 1e9 + carry;
        long n = (long) due;
        carry = due - n;
        Map<ProvisionShares.Cell, Integer> counts = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
          counts.merge(batched.draw(random), 1, Integer::sum);
        }
        metrics.requested(System.nanoTime(), counts.size());
        for (Map.Entry<ProvisionShares.Cell, Integer> e : counts.entrySet()) {
          List<String> codes = codes(e.getValue(), random);
          if (codes == null) {
            notSent += e.getValue();
            continue;
          }
          lanes.computeIfAbsent(e.getKey().agency(), Lanes::new).next().run(e.getKey(), codes);
        }
        t = next;
        if (!time.sleepUntil(t, stop)) {
          break;
        }
      }
    } finally {
      for (Lanes l : lanes.values()) {
        l.close();
      }
    }
    return notSent;
  }

  /** An agency's connections for batches, taken in turn. */
  private final class Lanes {
    private final String agency;
    private final List<Lane> lanes = new ArrayList<>();
    private int next;

    Lanes(String agency) {
      this.agency = agency;
    }

    /** An idle lane; a new one while all are busy and there are fewer than four; else in turn. */
    Lane next() {
      for (Lane l : lanes) {
        if (l.pending.get() == 0) {
          return l;
        }
      }
      if (lanes.size() < LANES) {
        lanes.add(new Lane(agencies.open(agency), agency + "-" + lanes.size()));
        return lanes.get(lanes.size() - 1);
      }
      return lanes.get(next++ % lanes.size());
    }

    void close() throws InterruptedException {
      for (Lane l : lanes) {
        l.close();
      }
    }
  }

  /** One connection of an agency and the thread that sends its batches, one after another. */
  private final class Lane {
    private final AgencyClient client;
    private final ExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger();

    Lane(AgencyClient client, String name) {
      this.client = client;
      this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "provision-mix-" + name));
    }

    void run(ProvisionShares.Cell cell, List<String> codes) {
      pending.incrementAndGet();
      thread.execute(
          () -> {
            try {
              batch(client, cell, codes);
            } finally {
              pending.decrementAndGet();
            }
          });
    }

    void close() throws InterruptedException {
      thread.shutdown();
      thread.awaitTermination(2, TimeUnit.MINUTES); // each batch has its own deadline: a backstop
      client.close();
    }
  }

  /** {@code n} 住民票コード of living residents, or null when there are none. */
  private List<String> codes(int n, Random random) {
    List<String> codes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String code = workload.randomCode(random);
      if (code == null) {
        return null;
      }
      codes.add(code);
    }
    return codes;
  }

  /**
   * One 一括提供 of {@code codes}, counted in the ledger as an {@code agency} step's ({@link
   * LedgerBatch}) and recorded in the metrics and the history.
   */
  private void batch(AgencyClient client, ProvisionShares.Cell cell, List<String> codes) {
    String id = "mix-" + System.currentTimeMillis() + "-" + batchIds.incrementAndGet();
    long start = System.nanoTime();
    String error;
    try {
      Throwable err =
          agencies
              .batches()
              .run(client, cell.agency(), id, cell.jimu(), cell.method(), codes)
              .error();
      error = err == null ? null : OperationLog.message(err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (RuntimeException e) {
      error = OperationLog.message(e);
    }
    long end = System.nanoTime();
    metrics.record(BATCH, start, end, error == null);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("op", BATCH);
    f.put("agency", cell.agency());
    f.put("jimu", cell.jimu());
    f.put("method", AgencyRegistry.word(cell.method()));
    f.put("records", codes.size());
    f.put("ms", Math.round((end - start) / 1e4) / 100.0);
    f.put("ok", error == null);
    if (error != null) {
      f.put("error", error);
    }
    history.record("op", System.currentTimeMillis(), f);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
