package jp.jukinet.sim.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.FakeResidents;
import jp.jukinet.sim.workload.Fanout;
import jp.jukinet.sim.workload.OperatorClient;
import jp.jukinet.sim.workload.OperatorException;
import jp.jukinet.sim.workload.ResidentRequests;

/**
 * A realistic mix of resident operations, driven through the CSs' operators in phases: 出生 spread
 * over the municipalities by population; ordinary moves (転出 at the old CS, then 転入 at the new one,
 * whose 転入通知 brings 転出確定 back to the old CS) and 特例 moves (特例転出, then 特例転入 fetching the 転出証明書情報
 * over the network), each half within a prefecture and half across prefectures when there are
 * several; then 転居, 氏名変更, 住民票コード変更 and 死亡 of distinct residents. Every choice comes from one seeded
 * {@link Random}, made in plan order before the phase runs, so a seed gives the same operations on
 * the same municipalities whatever order the answers come back in. Within a phase, each person's
 * steps run in order and different people's run concurrently.
 */
public final class DemoWorkload {
  /** The card's 暗証番号 the demo's residents "enter" at 特例転入. */
  private static final String PIN = "1234";

  /** How often the old CSs are asked for 転出確定, which arrives from other processes. */
  private static final Duration POLL = Duration.ofMillis(500);

  /** A phase's backstop: its operations each end within the operators' timeout. */
  private static final Duration PHASE_LIMIT = Duration.ofMinutes(10);

  private final OperatorClient operators;
  private final Sites sites;
  private final Random random;
  private final int parallel;
  private final Supplier<LocalDate> today;
  private final Tally tally = new Tally();
  private volatile Listener listener = (op, cs, start, end, error) -> {};
  private final List<Person> people = new ArrayList<>();
  private final List<Move> moves = Collections.synchronizedList(new ArrayList<>());

  /**
   * Operations sent and not yet answered, by CS ("cs-192015"): named when a phase does not finish.
   */
  private final Map<String, Integer> inFlight = new ConcurrentSkipListMap<>();

  /** One resident the demo created: where they live now and their current record. */
  private static final class Person {
    /** Claimed by one operation of {@link #one}: a person's operations never overlap. */
    final AtomicBoolean busy = new AtomicBoolean();

    volatile Sites.Site site;
    volatile IdentityInfo identity;
    volatile boolean alive = true;

    /** The 4情報 of their 出生. */
    volatile FourItems born;

    Person(Sites.Site site) {
      this.site = site;
    }
  }

  /**
   * A move that must end in 転出確定 at {@code from} for the person's code there: {@code code} as it
   * was at the move, or the person's code now, since a later 住民票コード変更 moves the old CS's 除票 to the
   * new code once its notice arrives there.
   */
  record Move(LocalGovernmentCode from, String code, Person person) {
    List<String> codes() {
      String now = person.identity.getJuminhyoCode();
      return now.equals(code) ? List.of(code) : List.of(code, now);
    }
  }

  /** Told of every operation's outcome, as it completes (a scenario's history and latencies). */
  public interface Listener {
    /**
     * @param cs the CS asked ("cs-192015")
     * @param startNanos {@link System#nanoTime()} when sent
     * @param error why it failed, or null
     */
    void done(DemoOperation op, String cs, long startNanos, long endNanos, String error);
  }

  /** The operations {@link #one} performs on a resident it picks. */
  public enum Kind {
    BIRTH,
    MOVE,
    SPECIAL_MOVE,
    MOVE_WITHIN,
    NAME_CHANGE,
    CODE_CHANGE,
    DEATH
  }

  /**
   * @param parallel operations in flight at once
   * @param today the 異動年月日 of moves (Japan's date)
   */
  public DemoWorkload(
      OperatorClient operators, Sites sites, long seed, int parallel, LocalDate today) {
    this(operators, sites, seed, parallel, () -> today);
  }

  /**
   * @param today the 異動年月日 of moves and the date births are near, asked at each operation (the
   *     network's calendar may run fast)
   */
  public DemoWorkload(
      OperatorClient operators, Sites sites, long seed, int parallel, Supplier<LocalDate> today) {
    this.operators = Objects.requireNonNull(operators, "operators");
    this.sites = Objects.requireNonNull(sites, "sites");
    this.random = new Random(seed);
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel " + parallel + " must be at least 1");
    }
    this.parallel = parallel;
    this.today = Objects.requireNonNull(today, "today");
  }

  public void listen(Listener l) {
    this.listener = Objects.requireNonNull(l, "listener");
  }

  /**
   * Runs every phase; the counts are in {@link #tally()}, the moves to confirm in {@link #moves()}.
   */
  public void run(int births) throws InterruptedException {
    if (births < 1) {
      throw new IllegalArgumentException("births " + births + " must be at least 1");
    }
    populate(births);
    int moveCount = Math.max(2, births / 10);
    int specialCount = Math.max(2, births / 15);
    List<Person> movers = pick(moveCount + specialCount);
    moveMany(movers.subList(0, Math.min(moveCount, movers.size())), false);
    moveMany(movers.subList(Math.min(moveCount, movers.size()), movers.size()), true);
    int within = Math.max(1, births / 15);
    int names = Math.max(1, births / 20);
    int codes = Math.max(1, births / 30);
    int deaths = Math.max(1, births / 20);
    List<Person> chosen =
        withMoversChangingCodes(pick(within + names + codes + deaths), within + names, codes);
    List<Supplier<CompletableFuture<?>>> tasks = new ArrayList<>();
    int i = 0;
    for (Person p : chosen) {
      int k = i++;
      Kind kind =
          k < within
              ? Kind.MOVE_WITHIN
              : k < within + names
                  ? Kind.NAME_CHANGE
                  : k < within + names + codes ? Kind.CODE_CHANGE : Kind.DEATH;
      Supplier<CompletableFuture<?>> task = change(p, kind);
      tasks.add(task);
    }
    runAll(tasks);
  }

  /**
   * A 転居, 氏名変更, 住民票コード変更 or 死亡 of {@code p}, its choices (address, name) made now, in plan order.
   */
  private Supplier<CompletableFuture<?>> change(Person p, Kind kind) {
    switch (kind) {
      case MOVE_WITHIN -> {
        String address = address(p.site);
        return () ->
            operate(
                p,
                DemoOperation.MOVE_WITHIN,
                null,
                ResidentRequests.moveWithin(p.identity.getJuminhyoCode(), address));
      }
      case NAME_CHANGE -> {
        String name = FakeResidents.name(p.identity.getFourItems().getSex(), random);
        return () ->
            operate(
                p,
                DemoOperation.NAME_CHANGE,
                null,
                ResidentRequests.nameChange(
                    p.identity.getJuminhyoCode(),
                    name.equals(p.identity.getFourItems().getName()) ? name + "子" : name));
      }
      case CODE_CHANGE -> {
        return () ->
            operate(
                p,
                DemoOperation.CODE_CHANGE,
                null,
                ResidentRequests.codeChange(p.identity.getJuminhyoCode()));
      }
      case DEATH -> {
        return () ->
            operate(
                    p,
                    DemoOperation.DEATH,
                    null,
                    ResidentRequests.death(p.identity.getJuminhyoCode()))
                .thenRun(() -> p.alive = false);
      }
      default -> throw new IllegalArgumentException(kind + " is not a change of one resident");
    }
  }

  /**
   * Starts one operation of {@code kind} now, on a resident it picks among those not busy (or a new
   * one for a birth), for a scenario's operations at a rate. A move goes across prefectures when
   * {@code across} (and the network has several). Choices come from the seed, in call order.
   *
   * @return its completion (failures are counted, never thrown), or null when no resident is free
   *     for it (nobody alive and idle, or nowhere to move)
   */
  public CompletableFuture<?> one(Kind kind, boolean across) {
    if (kind == Kind.BIRTH) {
      return birth(newPerson());
    }
    Person p = claim();
    if (p == null) {
      return null;
    }
    CompletableFuture<?> f;
    if (kind == Kind.MOVE || kind == Kind.SPECIAL_MOVE) {
      Sites.Site to = sites.destination(p.site, across, random);
      if (to == null) {
        p.busy.set(false);
        return null;
      }
      boolean isAcross = !to.prefecture().equals(p.site.prefecture());
      f = move(p, to, address(to), isAcross, kind == Kind.SPECIAL_MOVE);
    } else {
      f = change(p, kind).get();
    }
    return f.whenComplete((v, e) -> p.busy.set(false));
  }

  /**
   * Takes on a resident registered otherwise (a scenario's population, 職権記載 in bulk), for {@link
   * #one} and {@link #randomCode} to pick like those born here. A record without its 個人番号 gets it
   * from the CS before the person's first 転入 needs it.
   *
   * @return false when the network has no CS for the record's municipality (not taken)
   */
  public boolean adopt(IdentityInfo identity) {
    Sites.Site site =
        sites.site(LocalGovernmentCode.parse(identity.getMunicipalityCode())).orElse(null);
    if (site == null) {
      return false;
    }
    Person p = new Person(site);
    p.born = identity.getFourItems();
    p.identity = identity;
    synchronized (people) {
      people.add(p);
    }
    return true;
  }

  /** Residents created so far that live and have a record (what {@link #one} may pick from). */
  public int living() {
    synchronized (people) {
      return (int) people.stream().filter(p -> p.alive && p.identity != null).count();
    }
  }

  /**
   * The 住民票コード of a living resident chosen by {@code random} (for an agency's lookups), or null
   * when a few tries find none.
   */
  public String randomCode(Random random) {
    IdentityInfo id = randomIdentity(random);
    return id == null ? null : id.getJuminhyoCode();
  }

  /**
   * The current record of a living resident chosen by {@code random} (its 住民票コード and municipality),
   * or null when a few tries find none.
   */
  public IdentityInfo randomIdentity(Random random) {
    synchronized (people) {
      int n = people.size();
      for (int t = 0; t < 16 && n > 0; t++) {
        Person p = people.get(random.nextInt(n));
        IdentityInfo id = p.identity;
        if (p.alive && id != null) {
          return id;
        }
      }
    }
    return null;
  }

  /** A random living idle resident, claimed; null when a few tries find none. */
  private Person claim() {
    synchronized (people) {
      int n = people.size();
      for (int t = 0; t < 16 && n > 0; t++) {
        Person p = people.get(random.nextInt(n));
        if (p.alive && p.identity != null && p.busy.compareAndSet(false, true)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Each operation's counts, in {@link DemoOperation} order. */
  public List<DemoReport.Row> rows() {
    return tally.rows();
  }

  /** The moves (ordinary and 特例) that must end in 転出確定 at their old CS. */
  public int moveCount() {
    return moves.size();
  }

  /**
   * Asks the old CS of every move for 転出確定 until each shows it or {@code deadline} has passed; each
   * round asks every pending move at once (at most {@code parallel} in flight), within the
   * deadline.
   *
   * @return the moves still unconfirmed, each as "cs-&lt;old CS&gt; &lt;住民票コード&gt;: why" (not yet
   *     confirmed, or the CS's silence)
   */
  public List<String> awaitMovesConfirmed(Deadline deadline) throws InterruptedException {
    List<Move> pending = List.copyOf(moves);
    Map<Move, String> why = new HashMap<>();
    while (true) {
      List<Move> still = new ArrayList<>();
      Fanout.ask(pending, this::confirmed, deadline, parallel)
          .forEach(
              (m, o) -> {
                if (!(o.answered() && o.value())) {
                  still.add(m);
                  why.put(m, o.answered() ? "no 転出確定 yet" : o.error());
                }
              });
      pending = still;
      if (pending.isEmpty() || deadline.passed()) {
        return pending.stream()
            .map(m -> "cs-" + m.from().value() + " " + m.code() + ": " + why.get(m))
            .toList();
      }
      Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, deadline.remaining().toMillis())));
    }
  }

  /**
   * Whether {@code move}'s old CS shows 転出確定 in the person's history there, under any of its codes.
   */
  private CompletableFuture<Boolean> confirmed(Move move) {
    return confirmed(move.from(), move.codes(), 0);
  }

  private CompletableFuture<Boolean> confirmed(
      LocalGovernmentCode cs, List<String> codes, int next) {
    if (next == codes.size()) {
      return CompletableFuture.completedFuture(false);
    }
    return operators
        .send(cs, ResidentRequests.query(codes.get(next)))
        .handle(
            (e, err) -> {
              if (err == null
                  && e.getResidentQueryResponse().getResidentsList().stream()
                      .flatMap(v -> v.getHistoryList().stream())
                      .anyMatch(
                          c -> c.getReason() == ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED)) {
                return CompletableFuture.completedFuture(true);
              }
              if (err != null && Futures.unwrap(err) instanceof OperatorException) {
                return CompletableFuture.<Boolean>failedFuture(
                    Futures.unwrap(err)); // the CS is silent: say so
              }
              return confirmed(cs, codes, next + 1); // not there (yet) under this code
            })
        .thenCompose(f -> f);
  }

  // --- phases ------------------------------------------------------------------------------------

  /** 出生 of {@code count} residents spread over the municipalities by population. */
  public void populate(int count) throws InterruptedException {
    List<Supplier<CompletableFuture<?>>> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Person p = newPerson();
      tasks.add(() -> birth(p));
    }
    runAll(tasks);
  }

  /** A person to be born in a municipality chosen by population, with their 4情報 chosen now. */
  private Person newPerson() {
    Person p = new Person(sites.weighted(random));
    Sex sex = FakeResidents.sex(random);
    p.born =
        FourItems.newBuilder()
            .setName(FakeResidents.name(sex, random))
            .setBirthDate(today.get().minusDays(random.nextInt(14)).toString())
            .setSex(sex)
            .setAddress(address(p.site))
            .build();
    synchronized (people) {
      people.add(p);
    }
    return p;
  }

  private CompletableFuture<?> birth(Person p) {
    FourItems items = p.born;
    return send(
            DemoOperation.BIRTH,
            p.site.code(),
            ResidentRequests.birth(items, items.getName().split(" ")[0] + " 世帯主", "子"))
        .handle(
            (identity, err) -> {
              if (err != null) {
                p.alive = false;
                tally.failed(DemoOperation.BIRTH, p.site.code().value() + ": " + reason(err));
              } else {
                p.identity = identity;
                tally.ok(DemoOperation.BIRTH, null);
              }
              return null;
            });
  }

  /**
   * Half of the movers within their prefecture (where it has another municipality), half across.
   */
  private void moveMany(List<Person> movers, boolean special) throws InterruptedException {
    List<Supplier<CompletableFuture<?>>> tasks = new ArrayList<>();
    int i = 0;
    for (Person p : movers) {
      boolean wantAcross = i++ % 2 == 1;
      Sites.Site to = sites.destination(p.site, wantAcross, random);
      if (to == null) {
        continue; // a one-municipality network: nowhere to move
      }
      boolean across = !to.prefecture().equals(p.site.prefecture());
      String address = address(to);
      tasks.add(() -> move(p, to, address, across, special));
    }
    runAll(tasks);
  }

  /** 転出 then 転入 at the new CS, or 特例転出 then 特例転入 (the 転入 half waits for the 転出). */
  private CompletableFuture<?> move(
      Person p, Sites.Site to, String address, boolean across, boolean special) {
    if (!special && p.identity.getIndividualNumber().isEmpty()) {
      return withIndividualNumber(p)
          .thenCompose(
              ok ->
                  ok
                      ? move(p, to, address, across, false)
                      : CompletableFuture.completedFuture(null));
    }
    Sites.Site from = p.site;
    IdentityInfo before = p.identity;
    String code = before.getJuminhyoCode();
    String fromCode = from.code().value();
    return operate(
            p,
            special ? DemoOperation.SPECIAL_MOVE_OUT : DemoOperation.MOVE_OUT,
            across,
            special
                ? ResidentRequests.specialMoveOut(
                    code, today.get().toString(), to.code().value(), address)
                : ResidentRequests.moveOut(
                    code, today.get().toString(), to.code().value(), address))
        .thenCompose(
            out ->
                out == null
                    ? CompletableFuture.completedFuture(null)
                    : moveIn(
                        p,
                        to,
                        special ? DemoOperation.SPECIAL_MOVE_IN : DemoOperation.MOVE_IN,
                        across,
                        special
                            ? ResidentRequests.specialMoveIn(code, fromCode, address, PIN)
                            : ResidentRequests.moveIn(before, fromCode, address),
                        new Move(from.code(), code, p)));
  }

  /**
   * Fills in the person's record from their CS (the 個人番号 a 転入 carries); false, with the person set
   * aside, when the CS does not answer it.
   */
  private CompletableFuture<Boolean> withIndividualNumber(Person p) {
    String code = p.identity.getJuminhyoCode();
    return operators
        .send(p.site.code(), ResidentRequests.query(code))
        .handle(
            (e, err) -> {
              IdentityInfo found =
                  err != null
                      ? null
                      : e.getResidentQueryResponse().getResidentsList().stream()
                          .map(v -> v.getIdentity())
                          .filter(i -> i.getJuminhyoCode().equals(code))
                          .findFirst()
                          .orElse(null);
              if (found == null || found.getIndividualNumber().isEmpty()) {
                p.alive = false; // not used again
                return false;
              }
              p.identity = found;
              return true;
            });
  }

  private CompletableFuture<IdentityInfo> moveIn(
      Person p,
      Sites.Site to,
      DemoOperation op,
      boolean across,
      ResidentOperationRequest.Builder request,
      Move move) {
    p.site = to; // the operation goes to the new CS
    return operate(p, op, across, request)
        .thenApply(
            identity -> {
              if (identity != null) {
                moves.add(move);
              }
              return identity;
            });
  }

  /**
   * One operation at the person's CS; completes with the new record, or null (counted as failed).
   */
  private CompletableFuture<IdentityInfo> operate(
      Person p, DemoOperation op, Boolean across, ResidentOperationRequest.Builder request) {
    LocalGovernmentCode cs = p.site.code();
    return send(op, cs, request)
        .handle(
            (identity, err) -> {
              if (err != null) {
                p.alive = false; // in an unknown state: not used again
                tally.failed(op, cs.value() + ": " + reason(err));
                return null;
              }
              p.identity = identity;
              tally.ok(op, across);
              return identity;
            });
  }

  private CompletableFuture<IdentityInfo> send(
      DemoOperation op, LocalGovernmentCode cs, ResidentOperationRequest.Builder request) {
    String node = "cs-" + cs.value();
    inFlight.merge(node, 1, Integer::sum);
    long start = System.nanoTime();
    return operators
        .send(cs, ResidentRequests.envelope(request))
        .whenComplete(
            (e, err) -> {
              inFlight.computeIfPresent(node, (k, n) -> n == 1 ? null : n - 1);
              String error =
                  err != null
                      ? reason(err)
                      : e.hasResidentOperationResponse() ? null : "answered " + e.getBodyCase();
              listener.done(op, node, start, System.nanoTime(), error);
            })
        .thenApply(
            e -> {
              if (!e.hasResidentOperationResponse()) {
                throw new IllegalStateException(
                    "cs-" + cs.value() + " answered " + e.getBodyCase());
              }
              return e.getResidentOperationResponse().getIdentity();
            });
  }

  /** Runs the tasks with at most {@code parallel} in flight; returns when all have completed. */
  private void runAll(List<Supplier<CompletableFuture<?>>> tasks) throws InterruptedException {
    Semaphore slots = new Semaphore(parallel);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (Supplier<CompletableFuture<?>> t : tasks) {
      slots.acquire();
      CompletableFuture<?> f;
      try {
        f = t.get();
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      all.add(f.whenComplete((v, e) -> slots.release()));
    }
    try {
      // Each operation has its own deadline (the operators' timeout): this only guards against a
      // bug.
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(PHASE_LIMIT.toMinutes(), TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a demo phase failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "a demo phase did not finish within "
              + PHASE_LIMIT.toMinutes()
              + " min; operations still waiting at "
              + inFlight.keySet());
    }
  }

  /**
   * {@code chosen} with half of its 住民票コード変更 slots ({@code [from, from + codes)}) given to people
   * who moved, so that the notice to their former municipality is part of every demo.
   */
  private List<Person> withMoversChangingCodes(List<Person> chosen, int from, int codes) {
    List<Person> moved =
        new ArrayList<>(
            new LinkedHashSet<>(
                moves.stream()
                    .map(Move::person)
                    .filter(p -> p.alive && p.identity != null)
                    .toList()));
    Collections.shuffle(moved, random);
    List<Person> changers = moved.subList(0, Math.min(Math.max(1, codes / 2), moved.size()));
    List<Person> rest = new ArrayList<>(chosen);
    rest.removeAll(changers);
    if (changers.isEmpty() || from > rest.size()) {
      return chosen;
    }
    List<Person> out = new ArrayList<>(rest.subList(0, from));
    out.addAll(changers);
    out.addAll(rest.subList(from, Math.min(rest.size(), chosen.size() - changers.size())));
    return out;
  }

  /** {@code n} distinct living people, chosen by the seed. */
  private List<Person> pick(int n) {
    List<Person> living = new ArrayList<>();
    for (Person p : people) {
      if (p.alive && p.identity != null) {
        living.add(p);
      }
    }
    Collections.shuffle(living, random);
    return new ArrayList<>(living.subList(0, Math.min(n, living.size())));
  }

  private String address(Sites.Site site) {
    return FakeResidents.address(site.name(), random);
  }

  private static String reason(Throwable err) {
    Throwable t = Futures.unwrap(err);
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
