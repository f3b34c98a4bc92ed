package jp.jukinet.sim.populate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import jp.jukinet.protocol.proto.BulkRecordRequest;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ExOfficioRecord;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.sim.workload.OperatorClient;
import jp.jukinet.sim.workload.ResidentRequests;

/**
 * Files a {@link PopulationPlan} at the CSs as 職権記載 (ExOfficioRecord), over the municipalities'
 * operator connections: {@code window} requests in flight over all CSs (a slot is refilled as soon
 * as its answer arrives), each request one resident or, in bulk, a BulkRecordRequest of many (one
 * frame, one transaction at the CS). A refused or unanswered request is counted, not retried.
 *
 * <p>Each free slot goes to the municipality with the most residents left per request it has in
 * flight ({@link Slots}), so the CSs hold requests in proportion to what they have left and finish
 * together: with equal turns, the small ones finished early and the largest (甲府市, a quarter of 山梨県)
 * went on alone, one CS writing while the machine's other core idled.
 */
public final class Populator {
  private static final int MAX_ERRORS = 10;

  /** The most records a CS takes in one BulkRecordRequest (docs/protocol.md §7.8). */
  public static final int MAX_PER_REQUEST = 1000;

  private final OperatorClient operators;
  private final PopulationPlan plan;
  private final int window;
  private final int perRequest;
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLongArray kinds = new AtomicLongArray(Resident.Kind.values().length);
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, LongAdder> variants = new ConcurrentHashMap<>();
  private final Slots slots;
  private final AtomicLong outstanding = new AtomicLong();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile Recorded listener = (resident, identity) -> {};

  /** Told of each resident the CS recorded (a scenario's residents to operate on later). */
  public interface Recorded {
    /**
     * @param identity the record: from a bulk request its 住民票コード, 4情報 and municipality only (no
     *     個人番号: ask the CS for it)
     */
    void recorded(Resident resident, IdentityInfo identity);
  }

  /**
   * @param window requests in flight over all CSs
   * @param perRequest residents per request: 1 sends ResidentOperationRequest (ExOfficioRecord),
   *     more sends BulkRecordRequest frames of that many (at most {@link #MAX_PER_REQUEST})
   */
  public Populator(OperatorClient operators, PopulationPlan plan, int window, int perRequest) {
    if (window < 1) {
      throw new IllegalArgumentException("window " + window + " must be at least 1");
    }
    if (perRequest < 1 || perRequest > MAX_PER_REQUEST) {
      throw new IllegalArgumentException(
          "residents per request " + perRequest + " out of range 1.." + MAX_PER_REQUEST);
    }
    this.perRequest = perRequest;
    this.operators = Objects.requireNonNull(operators, "operators");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.window = window;
    this.slots = new Slots(plan, perRequest);
  }

  /** Tells {@code l} of each resident recorded, as its answer arrives (before {@link #start}). */
  public void onRecorded(Recorded l) {
    this.listener = Objects.requireNonNull(l, "listener");
  }

  /** Starts {@code window} slots; the future completes when every resident was answered. */
  public CompletableFuture<Void> start() {
    for (int w = 0; w < window; w++) {
      send();
    }
    return done;
  }

  /** The request that records {@code r}: 職権記載 on the plan's day, with the 氏名's reading. */
  public static ResidentOperationRequest.Builder request(Resident r, java.time.LocalDate asOf) {
    return ResidentOperationRequest.newBuilder()
        .setReasonDate(asOf.toString())
        .setExOfficioRecord(
            ExOfficioRecord.newBuilder().setFourItems(r.fourItems()).setNameKana(r.nameKana()));
  }

  /** The bulk request that records {@code residents} (職権記載 each, on the plan's day). */
  public static BulkRecordRequest bulk(List<Resident> residents, java.time.LocalDate asOf) {
    BulkRecordRequest.Builder b = BulkRecordRequest.newBuilder().setReasonDate(asOf.toString());
    for (Resident r : residents) {
      b.addRecords(
          ExOfficioRecord.newBuilder().setFourItems(r.fourItems()).setNameKana(r.nameKana()));
    }
    return b.build();
  }

  /** Fills one slot: sends the next request, and when it is answered, the one after. */
  private void send() {
    outstanding.incrementAndGet();
    Slots.Range range = slots.claim();
    if (range == null) {
      release();
      return;
    }
    List<Resident> residents = new ArrayList<>();
    for (long i = range.from(); i < range.to(); i++) {
      residents.add(plan.resident(i));
    }
    Envelope.Builder e =
        perRequest == 1
            ? ResidentRequests.envelope(request(residents.get(0), plan.asOf()))
            : Envelope.newBuilder().setBulkRecordRequest(bulk(residents, plan.asOf()));
    operators
        .send(residents.get(0).municipality(), e)
        .whenComplete(
            (resp, err) -> {
              if (err == null
                  && (resp.hasResidentOperationResponse() || resp.hasBulkRecordResponse())) {
                recorded.addAndGet(residents.size());
                residents.forEach(this::count);
                tell(residents, resp);
              } else {
                failed.addAndGet(residents.size());
                if (errors.size() < MAX_ERRORS) {
                  errors.add(
                      residents.get(0).municipality()
                          + ": "
                          + (err != null ? err.getMessage() : resp.getBodyCase().toString()));
                }
              }
              slots.done(range);
              send(); // before this slot is released, so the count never drops to 0 between
              release();
            });
  }

  /** A slot is empty: done when none is busy (each refills itself before it is released). */
  private void release() {
    if (outstanding.decrementAndGet() == 0) {
      done.complete(null);
    }
  }

  private void tell(List<Resident> residents, Envelope resp) {
    if (resp.hasResidentOperationResponse()) {
      listener.recorded(residents.get(0), resp.getResidentOperationResponse().getIdentity());
      return;
    }
    List<String> codes = resp.getBulkRecordResponse().getJuminhyoCodesList();
    for (int i = 0; i < Math.min(codes.size(), residents.size()); i++) {
      Resident r = residents.get(i);
      listener.recorded(
          r,
          IdentityInfo.newBuilder()
              .setJuminhyoCode(codes.get(i))
              .setFourItems(r.fourItems())
              .setMunicipalityCode(r.municipality().value())
              .build());
    }
  }

  private void count(Resident r) {
    kinds.incrementAndGet(r.kind().ordinal());
    if (r.kind() == Resident.Kind.VARIANT_KANJI) {
      variants.computeIfAbsent(surname(r), k -> new LongAdder()).increment();
    }
  }

  private static String surname(Resident r) {
    String name = r.fourItems().getName();
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** Residents recorded with a variant-kanji surname, by surname as written. */
  public Map<String, Long> variantSurnames() {
    Map<String, Long> out = new TreeMap<>();
    variants.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long recorded() {
    return recorded.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Residents recorded of {@code kind}. */
  public long recorded(Resident.Kind kind) {
    return kinds.get(kind.ordinal());
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }
}
