package jp.jukinet.national.batch;

import com.google.protobuf.ByteString;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import jp.jukinet.node.provision.KeyLookup;
import jp.jukinet.node.provision.LookupResult;
import jp.jukinet.node.provision.ProvisionEvent;
import jp.jukinet.node.provision.ProvisionRecorder;
import jp.jukinet.node.provision.PurposeCheck;
import jp.jukinet.node.provision.Refusal;
import jp.jukinet.node.provision.Refusals;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.media.MediaEnvelope;
import jp.jukinet.protocol.proto.BatchCredit;
import jp.jukinet.protocol.proto.BatchKeys;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.BatchResults;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MediaDestroyRequest;
import jp.jukinet.protocol.proto.MediaDestroyResponse;
import jp.jukinet.protocol.proto.MediaRecord;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.proto.ReportResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.wire.PeerText;
import jp.jukinet.protocol.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 一括提供 at the national server (docs/protocol.md §7.5): an agency opens a batch ({@code
 * batch_provision_request}), streams its keys ({@code batch_keys}, in index order) and receives one
 * {@code batch_provision_chunk} per {@code batch_keys}, never more than the credit it granted. Each
 * chunk's provisions are logged ({@link ProvisionRecorder}, one event per chunk) together with the
 * batch's durable progress, and the chunk leaves only after that transaction committed; a resumed
 * batch is answered again for the indexes already logged, without logging them twice. 磁気媒体 batches
 * ({@code BATCH_MEDIA}) carry each chunk's results enveloped for the agency's certificate; their
 * media records are made at the first open and destroyed by {@code media_destroy_request}.
 */
public final class BatchProvisionService implements EnvelopeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProvisionService.class);

  public static final Set<Envelope.BodyCase> BODIES =
      EnumSet.of(
          Envelope.BodyCase.BATCH_PROVISION_REQUEST,
          Envelope.BodyCase.BATCH_KEYS,
          Envelope.BodyCase.BATCH_CREDIT,
          Envelope.BodyCase.MEDIA_DESTROY_REQUEST);

  /** The column families it needs. */
  public static final List<String> COLUMN_FAMILIES = BatchStore.COLUMN_FAMILIES;

  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  // Room for the envelope around a chunk (ids, sender, time, tags).
  private static final int ENVELOPE_MARGIN = 1024;

  /** What a batch request needs from the server. */
  public record Deps(
      PurposeCheck purpose, KeyLookup lookup, ProvisionRecorder provisions, Refusals refusals) {
    public Deps {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(lookup, "lookup");
      Objects.requireNonNull(provisions, "provisions");
      Objects.requireNonNull(refusals, "refusals");
    }
  }

  private final String nodeName;
  private final NodeDatabase db;
  private final Dispatcher dispatcher;
  private final Executor executor;
  private final Clock clock;
  private final Deps deps;
  private final BatchLimits limits;
  private final long maxChunkBytes;
  private final BatchStore store;
  private final Map<Connection, BatchStream> byConnection = new ConcurrentHashMap<>();
  private final Map<String, BatchStream> byBatch = new ConcurrentHashMap<>();

  public BatchProvisionService(
      NodeDatabase db,
      Dispatcher dispatcher,
      Executor executor,
      Clock clock,
      Deps deps,
      BatchLimits limits,
      WireLimits wire) {
    this.db = Objects.requireNonNull(db, "db");
    this.nodeName = db.nodeName();
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deps = Objects.requireNonNull(deps, "deps");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.maxChunkBytes = wire.maxBodyBytes() - ENVELOPE_MARGIN;
    this.store = new BatchStore(db);
  }

  @Override
  public void onEnvelope(Connection connection, Envelope envelope) {
    switch (envelope.getBodyCase()) {
      case BATCH_PROVISION_REQUEST -> onOpen(connection, envelope);
      case BATCH_KEYS -> onKeys(connection, envelope);
      case BATCH_CREDIT -> onCredit(connection, envelope.getBatchCredit());
      case MEDIA_DESTROY_REQUEST -> dispatcher.offload(connection, envelope, this::onDestroy);
      default -> dispatcher.unhandled(connection, envelope);
    }
  }

  // ---- open ----

  private void onOpen(Connection connection, Envelope envelope) {
    BatchProvisionRequest r = envelope.getBatchProvisionRequest();
    String invalid = invalidOpen(r);
    if (invalid != null) {
      connection.replyError(envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, invalid);
      return;
    }
    String requester = connection.peer().name();
    String key = requester + '\0' + r.getBatchId();
    byConnection.values().removeIf(s -> !s.connection.isActive());
    byBatch.values().removeIf(s -> !s.connection.isActive());
    BatchStream current = byConnection.get(connection);
    if (current != null && !current.isOver()) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_CONFLICT,
          "batch " + current.batchId + " is still open on this connection; one batch at a time");
      return;
    }
    BatchStream stream =
        new BatchStream(
            connection,
            requester,
            r.getBatchId(),
            r.getKeyCount(),
            r.getMethod(),
            r.getResumeFromIndex(),
            Integer.toUnsignedLong(r.getInitialCredit()),
            limits.pauseAt());
    BatchStream other = byBatch.putIfAbsent(key, stream);
    if (other != null && !other.isOver()) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_CONFLICT,
          "batch " + r.getBatchId() + " of " + requester + " is running on another connection");
      return;
    }
    byBatch.put(key, stream);
    byConnection.put(connection, stream);
    dispatcher.offload(connection, envelope, (c, e) -> open(stream, e, r));
  }

  private String invalidOpen(BatchProvisionRequest r) {
    if (!BATCH_ID.matcher(r.getBatchId()).matches()) {
      return "batch_provision_request.batch_id "
          + PeerText.quote(r.getBatchId())
          + " must be 1 to 64 of A-Z a-z 0-9 . _ -";
    }
    if (r.getJimuCode().isEmpty()) {
      return "batch_provision_request.jimu_code is empty";
    }
    if (r.getMethod() != ProvisionMethod.PROVISION_METHOD_BATCH_LINE
        && r.getMethod() != ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA) {
      return "batch_provision_request.method "
          + r.getMethod()
          + " is out of range: PROVISION_METHOD_BATCH_LINE or PROVISION_METHOD_BATCH_MEDIA";
    }
    if (r.getKeyCount() < 1 || Long.compareUnsigned(r.getKeyCount(), limits.maxKeyCount()) > 0) {
      return "batch_provision_request.key_count "
          + Long.toUnsignedString(r.getKeyCount())
          + " is out of range 1.."
          + limits.maxKeyCount();
    }
    long credit = Integer.toUnsignedLong(r.getInitialCredit());
    if (credit < 1 || credit > limits.maxCredit()) {
      return "batch_provision_request.initial_credit "
          + credit
          + " is out of range 1.."
          + limits.maxCredit();
    }
    if (Long.compareUnsigned(r.getResumeFromIndex(), r.getKeyCount()) > 0) {
      return "batch_provision_request.resume_from_index "
          + Long.toUnsignedString(r.getResumeFromIndex())
          + " is beyond key_count "
          + r.getKeyCount();
    }
    return null;
  }

  /** On the blocking executor: purpose check, then the batch's progress, then the answer. */
  private void open(BatchStream stream, Envelope envelope, BatchProvisionRequest r) {
    Connection connection = stream.connection;
    Optional<Refusal> refusal =
        deps.purpose().check(connection.peer(), r.getJimuCode(), r.getMethod());
    if (refusal.isPresent()) {
      refuse(stream, envelope, r, refusal.get());
      return;
    }
    Optional<X509Certificate> cert = connection.peerCertificate();
    if (r.getMethod() == ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA && cert.isEmpty()) {
      abandon(
          stream,
          envelope,
          BatchRefused.invalid("a media batch needs the requester's certificate"));
      return;
    }
    long now = clock.millis();
    BatchProgress[] opened = new BatchProgress[1];
    db.commit(
            txn -> {
              Optional<BatchProgress> known = store.progress(stream.requester, r.getBatchId());
              BatchProgress p;
              if (known.isEmpty()) {
                if (r.getResumeFromIndex() != 0) {
                  throw new BatchRefused(
                      ErrorCode.ERROR_CODE_NOT_FOUND,
                      "unknown batch "
                          + r.getBatchId()
                          + " of "
                          + stream.requester
                          + ": nothing to resume from index "
                          + r.getResumeFromIndex());
                }
                MediaRecord.Builder media =
                    r.getMethod() == ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA
                        ? MediaRecord.newBuilder()
                            .setRequester(stream.requester)
                            .setBatchId(r.getBatchId())
                            .setJimuCode(r.getJimuCode())
                            .setRecords(r.getKeyCount())
                            .setMadeAtMillis(now)
                        : null;
                p =
                    store.stageNew(
                        txn,
                        new BatchProgress(
                            stream.requester,
                            r.getBatchId(),
                            r.getJimuCode(),
                            r.getMethod(),
                            r.getKeyCount(),
                            0),
                        media);
              } else {
                p = known.get();
                requireSame(p, r);
              }
              opened[0] = p;
            })
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                abandon(stream, envelope, unwrap(e));
                return;
              }
              BatchProgress p = opened[0];
              connection.reply(
                  envelope,
                  Envelope.newBuilder()
                      .setBatchProvisionChunk(
                          BatchProvisionChunk.newBuilder()
                              .setBatchId(r.getBatchId())
                              .setFirstIndex(r.getResumeFromIndex())
                              .setLast(r.getResumeFromIndex() == p.keyCount)));
              LOG.info(
                  "{}: {} opened batch {} ({} {} keys for {}) from index {}, {} logged",
                  nodeName,
                  stream.requester,
                  r.getBatchId(),
                  p.keyCount,
                  p.method == ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA ? "media" : "line",
                  p.jimuCode,
                  r.getResumeFromIndex(),
                  p.logged());
              stream.opened(p, this::commit);
            });
  }

  private static void requireSame(BatchProgress p, BatchProvisionRequest r) {
    String what = null;
    if (!p.jimuCode.equals(r.getJimuCode())) {
      what = "事務 " + p.jimuCode + ", not " + PeerText.quote(r.getJimuCode());
    } else if (p.method != r.getMethod()) {
      what = "method " + p.method + ", not " + r.getMethod();
    } else if (p.keyCount != r.getKeyCount()) {
      what = "key_count " + p.keyCount + ", not " + Long.toUnsignedString(r.getKeyCount());
    }
    if (what != null) {
      throw new BatchRefused(
          ErrorCode.ERROR_CODE_CONFLICT,
          "batch " + p.batchId + " of " + p.requester + " was opened for " + what);
    }
    if (r.getResumeFromIndex() > p.logged()) {
      throw new BatchRefused(
          ErrorCode.ERROR_CODE_CONFLICT,
          "batch "
              + p.batchId
              + " cannot resume from index "
              + r.getResumeFromIndex()
              + ": only indexes below "
              + p.logged()
              + " were provided");
    }
  }

  /** A purpose refusal: written to the security log (and counted), then answered. */
  private void refuse(
      BatchStream stream, Envelope envelope, BatchProvisionRequest r, Refusal refusal) {
    Connection connection = stream.connection;
    deps.refusals()
        .record(
            deps.refusals()
                .about(connection, envelope)
                .setJimuCode(r.getJimuCode())
                .setMethod(r.getMethod())
                .setRule(refusal.rule())
                .setMessage(refusal.message()))
        .whenComplete(
            (sequence, e) -> {
              if (e == null) {
                LOG.info(
                    "{}: refused batch {} of {}: {}",
                    nodeName,
                    r.getBatchId(),
                    connection.peer(),
                    refusal.message());
              }
              abandon(
                  stream,
                  envelope,
                  e == null ? new BatchRefused(refusal.code(), refusal.message()) : unwrap(e));
            });
  }

  /** The open failed: answered with {@code why}, keys read since refused, the stream forgotten. */
  private void abandon(BatchStream stream, Envelope open, RuntimeException why) {
    String message = why.getMessage();
    // Forgotten before the answer leaves, so the requester may open again at once.
    byConnection.remove(stream.connection, stream);
    byBatch.remove(stream.requester + '\0' + stream.batchId, stream);
    stream.breakWith("it was not opened: " + message);
    if (open != null) {
      if (why instanceof BatchRefused refused) {
        stream.connection.replyError(open, refused.code(), message);
      } else {
        Dispatcher.replyInternal(nodeName, stream.connection, open, why);
      }
    }
  }

  // ---- keys and credit ----

  private void onKeys(Connection connection, Envelope envelope) {
    BatchKeys keys = envelope.getBatchKeys();
    BatchStream stream = byConnection.get(connection);
    if (stream == null || !stream.batchId.equals(keys.getBatchId())) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "batch_keys for batch "
              + PeerText.quote(keys.getBatchId())
              + ", but "
              + (stream == null
                  ? "no batch is open on this connection"
                  : "the batch open on this connection is " + stream.batchId));
      return;
    }
    String[] refused = new String[1];
    BatchStream.Slot slot = stream.admit(envelope, limits.maxKeysPerFrame(), refused);
    if (slot == null) {
      connection.replyError(envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, refused[0]);
      return;
    }
    try {
      executor.execute(() -> lookUp(stream, slot));
    } catch (RejectedExecutionException e) {
      stream.lookupFailed(slot, ErrorCode.ERROR_CODE_UNAVAILABLE, nodeName + " is stopping");
    }
  }

  private void onCredit(Connection connection, BatchCredit credit) {
    BatchStream stream = byConnection.get(connection);
    if (stream == null || !stream.batchId.equals(credit.getBatchId())) {
      return; // one-way: a credit for a batch not open here (e.g. just finished) grants nothing
    }
    if (!stream.grant(Integer.toUnsignedLong(credit.getCredit()), limits.maxCredit())) {
      stream.breakWith(
          "batch_credit of "
              + Integer.toUnsignedLong(credit.getCredit())
              + " would leave more than "
              + limits.maxCredit()
              + " chunks of credit unused");
    }
  }

  /**
   * On the blocking executor, several slots at once: looks up a slot's keys and makes its chunk
   * (enveloped for a media batch); the stream then commits the slots in order.
   */
  private void lookUp(BatchStream stream, BatchStream.Slot slot) {
    if (!stream.connection.isActive()) {
      stream.lookupFailed(slot, ErrorCode.ERROR_CODE_UNAVAILABLE, "the connection closed");
      return;
    }
    try {
      BatchKeys keys = slot.request.getBatchKeys();
      List<BatchResult> results = new ArrayList<>(slot.count);
      for (int i = 0; i < slot.count; i++) {
        results.add(toResult(deps.lookup().lookup(keys.getKeys(i), null)));
      }
      BatchProvisionChunk.Builder chunk =
          BatchProvisionChunk.newBuilder()
              .setBatchId(stream.batchId)
              .setFirstIndex(slot.first)
              .setLast(slot.first + slot.count == stream.keyCount);
      if (stream.method == ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA) {
        byte[] content = BatchResults.newBuilder().addAllResults(results).build().toByteArray();
        chunk.setMedia(
            ByteString.copyFrom(
                MediaEnvelope.seal(content, stream.connection.peerCertificate().orElseThrow())));
      } else {
        chunk.addAllResults(results);
      }
      long size = chunk.build().getSerializedSize();
      if (size > maxChunkBytes) {
        throw BatchRefused.invalid(
            "the chunk answering batch_keys at index "
                + slot.first
                + " would be "
                + size
                + " bytes, over the "
                + maxChunkBytes
                + " a chunk may hold; resume from index "
                + slot.first
                + " with fewer keys per batch_keys");
      }
      stream.lookedUp(slot, chunk, results);
    } catch (BatchRefused e) {
      stream.lookupFailed(slot, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{}: batch {} of {} failed", nodeName, stream.batchId, stream.requester, e);
      stream.lookupFailed(slot, ErrorCode.ERROR_CODE_INTERNAL, "batch_keys failed: " + e);
    }
  }

  /**
   * Commits a looked-up slot (the stream calls it in index order): its provisions logged and the
   * batch's progress moved, in one transaction; the chunk is sent once it is durable. Indexes
   * already logged (a resumed batch) are not logged again.
   */
  private void commit(BatchStream stream, BatchStream.Slot slot) {
    BatchProgress p = stream.progress();
    long first = slot.first;
    int n = slot.count;
    List<BatchResult> results = slot.results;
    long now = clock.millis();
    db.commit(
            txn -> {
              long logged = p.logged();
              if (first > logged) {
                throw new IllegalStateException(
                    "batch "
                        + p.batchId
                        + ": keys from "
                        + first
                        + " but only "
                        + logged
                        + " logged");
              }
              if (first + n > logged) {
                int from = (int) (logged - first);
                List<String> persons = new ArrayList<>();
                long personsFrom = -1;
                for (int i = from; i < n; i++) {
                  for (IdentityInfo m : results.get(i).getMatchesList()) {
                    if (personsFrom < 0) {
                      personsFrom = first + i;
                    }
                    persons.add(m.getJuminhyoCode());
                  }
                }
                if (!persons.isEmpty()) {
                  deps.provisions()
                      .stage(
                          txn,
                          new ProvisionEvent(
                              p.requester,
                              p.jimuCode,
                              p.method,
                              p.batchId,
                              personsFrom,
                              persons,
                              now));
                }
                store.stageLogged(txn, p, first + n);
              }
              txn.onCommitted(() -> stream.committed(slot));
            })
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                stream.commitFailed(
                    slot,
                    ErrorCode.ERROR_CODE_UNAVAILABLE,
                    "the provisions of batch_keys at index "
                        + first
                        + " were not logged: "
                        + unwrap(e).getMessage());
              }
            });
  }

  private static BatchResult toResult(LookupResult r) {
    return BatchResult.newBuilder()
        .addAllMatches(r.matches())
        .setInvalidKey(r.invalidKey())
        .setReplacedByCode(r.replacedByCode())
        .build();
  }

  // ---- media ----

  private void onDestroy(Connection connection, Envelope envelope) {
    MediaDestroyRequest r = envelope.getMediaDestroyRequest();
    String requester = connection.peer().name();
    try {
      LocalDate.parse(r.getDestroyedOn());
    } catch (DateTimeParseException e) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "media_destroy_request.destroyed_on "
              + PeerText.quoteSingle(r.getDestroyedOn())
              + " is not an ISO-8601 date");
      return;
    }
    long now = clock.millis();
    MediaRecord[] recorded = new MediaRecord[1];
    db.commit(
            txn -> {
              MediaRecord m =
                  store
                      .media(requester, r.getBatchId())
                      .orElseThrow(
                          () ->
                              new BatchRefused(
                                  ErrorCode.ERROR_CODE_NOT_FOUND,
                                  "no media batch "
                                      + PeerText.quote(r.getBatchId())
                                      + " of "
                                      + requester));
              if (!m.getDestroyedOn().isEmpty()) {
                if (!m.getDestroyedOn().equals(r.getDestroyedOn())) {
                  throw new BatchRefused(
                      ErrorCode.ERROR_CODE_CONFLICT,
                      "media batch "
                          + m.getBatchId()
                          + " was recorded destroyed on "
                          + m.getDestroyedOn());
                }
                recorded[0] = m;
                return;
              }
              recorded[0] =
                  m.toBuilder()
                      .setDestroyedOn(r.getDestroyedOn())
                      .setDestroyedAtMillis(now)
                      .build();
              store.stageMedia(txn, recorded[0]);
            })
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                RuntimeException cause = unwrap(e);
                if (cause instanceof BatchRefused refused) {
                  connection.replyError(envelope, refused.code(), refused.getMessage());
                } else {
                  Dispatcher.replyInternal(nodeName, connection, envelope, cause);
                }
                return;
              }
              LOG.info(
                  "{}: {} destroyed media batch {} on {}",
                  nodeName,
                  requester,
                  recorded[0].getBatchId(),
                  recorded[0].getDestroyedOn());
              connection.reply(
                  envelope,
                  Envelope.newBuilder()
                      .setMediaDestroyResponse(
                          MediaDestroyResponse.newBuilder()
                              .setBatchId(recorded[0].getBatchId())
                              .setRecordedAtMillis(recorded[0].getDestroyedAtMillis())));
            });
  }

  /**
   * REPORT_KIND_MEDIA: the media records made and destroyed whose sequence is above {@code
   * after_sequence}, at most {@code limit} (checked by the report service).
   */
  public ReportResponse mediaReport(ReportRequest r) {
    int limit = r.getLimit();
    List<MediaRecord> page = store.mediaPage(r.getAfterSequence(), limit + 1);
    boolean more = page.size() > limit;
    return ReportResponse.newBuilder()
        .addAllMedia(more ? page.subList(0, limit) : page)
        .setMore(more)
        .build();
  }

  private static RuntimeException unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof RuntimeException re ? re : new IllegalStateException(t.toString(), t);
  }
}
