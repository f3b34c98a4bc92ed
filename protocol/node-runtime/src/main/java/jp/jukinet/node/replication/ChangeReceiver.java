package jp.jukinet.node.replication;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.store.InboundLedger;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityChangeAck;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.SourceAck;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.InputWarnings;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.protocol.wire.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@code IdentityChangeBatch} requests on a node downstream of a {@link ChangeSender}:
 * skips changes the {@link InboundLedger} already holds, stages the others (ledger mark plus
 * whatever the node's {@link Applier} stages: e.g. {@code registry.apply} and, for a forwarding
 * prefecture server, {@code outbox.append}) into one batch, commits it through the group committer,
 * and only then replies the cumulative {@code IdentityChangeAck} (the mark of every source in the
 * batch). A batch of duplicates only is acknowledged at once.
 *
 * <p>A whole batch is refused, with nothing applied, when a field of a change is out of range
 * ({@link ChangeFields}), a change is malformed, comes from a source the peer may not speak for, or
 * skips a sequence (a protocol error, never silently applied): the sender gets an {@code
 * INVALID_REQUEST} Error frame naming the problem.
 *
 * <p>At most about {@link #MAX_PENDING_CHANGES} changes wait for their commit at once, over all the
 * node's senders: past that, the connection a batch came from stops being read until the node
 * catches up, so that TCP slows the senders. Without it a prefecture server receiving a populate
 * from every CS (each sending its window of batches) held them all, parsed and staged, in one
 * group, and ran out of its heap.
 */
public final class ChangeReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeReceiver.class);

  /** Stages the application of one new change; runs on the database writer. */
  @FunctionalInterface
  public interface Applier {
    void apply(Txn txn, IdentityChange change) throws Exception;
  }

  /** Whether a peer may send changes recorded by {@code source}: null if yes, else why not. */
  @FunctionalInterface
  public interface SourcePolicy {
    String refusal(PeerId peer, String source);
  }

  /** A batch refused as a whole; nothing of it was applied. */
  public static final class RejectedBatchException extends RuntimeException {
    public RejectedBatchException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * A CS may send only its own changes; a prefecture server those of municipalities in its
   * prefecture (same first two digits); nobody else any.
   */
  public static SourcePolicy upstreamPolicy() {
    return (peer, source) -> {
      if (peer.role() == NodeRole.NODE_ROLE_CS && peer.code().equals(source)) {
        return null;
      }
      if (peer.role() == NodeRole.NODE_ROLE_PREFECTURE
          && LocalGovernmentCode.parse(peer.code()).isSamePrefecture(source)) {
        return null;
      }
      return peer + " may not send changes recorded by municipality " + source;
    };
  }

  /** Changes received and not yet committed, over all senders, beyond which reading pauses. */
  public static final int MAX_PENDING_CHANGES = 16_384;

  private final String nodeName;
  private final NodeDatabase db;
  private final int maxPending;
  private final AtomicLong pending = new AtomicLong();
  private final Set<Connection> paused = ConcurrentHashMap.newKeySet();
  private final InboundLedger ledger;
  private final SourcePolicy policy;
  private final Applier applier;

  public ChangeReceiver(
      String nodeName,
      NodeDatabase db,
      InboundLedger ledger,
      SourcePolicy policy,
      Applier applier) {
    this(nodeName, db, ledger, policy, applier, MAX_PENDING_CHANGES);
  }

  ChangeReceiver(
      String nodeName,
      NodeDatabase db,
      InboundLedger ledger,
      SourcePolicy policy,
      Applier applier,
      int maxPending) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.db = Objects.requireNonNull(db, "db");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.applier = Objects.requireNonNull(applier, "applier");
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending " + maxPending + " must be at least 1");
    }
    this.maxPending = maxPending;
  }

  /**
   * Handles an {@code identity_change_batch} request: replies the ack or an Error frame.
   * Non-blocking.
   */
  public void onBatch(Connection connection, Envelope request) {
    int n = request.getIdentityChangeBatch().getChangesCount();
    if (pending.addAndGet(n) > maxPending && paused.add(connection)) {
      connection.pauseReading(true);
    }
    CompletableFuture<IdentityChangeAck> received;
    try {
      received = receive(connection.peer(), request.getIdentityChangeBatch());
    } catch (RuntimeException e) {
      received = CompletableFuture.failedFuture(e); // still counted down below
    }
    received.whenComplete(
        (ack, err) -> {
          // Resumed after this batch's own pause, if any: it is one of the pending.
          if (pending.addAndGet(-n) <= maxPending) {
            resumeReading();
          }
          if (err == null) {
            connection.reply(request, Envelope.newBuilder().setIdentityChangeAck(ack));
            return;
          }
          Throwable cause = Futures.unwrap(err);
          if (cause instanceof RejectedBatchException) {
            InputWarnings.warn(
                LOG,
                connection,
                "{}: refused change batch from {}: {}",
                nodeName,
                connection.peer(),
                PeerText.boundMessage(cause.getMessage()));
            connection.replyError(
                request, ErrorCode.ERROR_CODE_INVALID_REQUEST, cause.getMessage());
          } else {
            LOG.error(
                "{}: storing change batch from {} failed: {}",
                nodeName,
                connection.peer(),
                cause.toString());
            connection.replyError(
                request,
                ErrorCode.ERROR_CODE_INTERNAL,
                "storing the changes failed: " + cause.getMessage());
          }
        });
  }

  /** Changes received and not yet committed (for tests and status). */
  public long pendingChanges() {
    return pending.get();
  }

  private void resumeReading() {
    for (Connection c : paused) {
      if (paused.remove(c)) {
        c.pauseReading(false);
      }
    }
  }

  /**
   * Applies the new changes of {@code batch} durably; completes with the cumulative ack, or
   * exceptionally with {@link RejectedBatchException} (nothing applied).
   */
  public CompletableFuture<IdentityChangeAck> receive(PeerId peer, IdentityChangeBatch batch) {
    String outOfRange = ChangeFields.refusal(batch.getChangesList());
    if (outOfRange != null) {
      return CompletableFuture.failedFuture(new RejectedBatchException(outOfRange, null));
    }
    Set<String> sources = new LinkedHashSet<>();
    boolean allApplied = true;
    for (IdentityChange c : batch.getChangesList()) {
      String source = c.getSourceMunicipality();
      String refusal = policy.refusal(peer, source);
      if (refusal != null) {
        return CompletableFuture.failedFuture(new RejectedBatchException(refusal, null));
      }
      sources.add(source);
      allApplied &= ledger.isApplied(source, c.getSequence());
    }
    if (allApplied) {
      return CompletableFuture.completedFuture(ackFor(sources));
    }
    return db.commit(
            txn -> {
              for (IdentityChange c : batch.getChangesList()) {
                try {
                  if (ledger.stage(txn, c) == InboundLedger.Disposition.APPLY) {
                    applier.apply(txn, c);
                  }
                } catch (IllegalArgumentException | InboundLedger.SequenceGapException e) {
                  throw new RejectedBatchException(
                      "change "
                          + c.getSourceMunicipality()
                          + "#"
                          + c.getSequence()
                          + " refused: "
                          + e.getMessage()
                          + " (nothing of this batch was applied)",
                      e);
                }
              }
            })
        .thenApply(v -> ackFor(sources));
  }

  private IdentityChangeAck ackFor(Set<String> sources) {
    IdentityChangeAck.Builder ack = IdentityChangeAck.newBuilder();
    for (String s : sources) {
      long mark = ledger.highWaterMark(s);
      if (mark > 0) {
        ack.addAcks(SourceAck.newBuilder().setSourceMunicipality(s).setThroughSequence(mark));
      }
    }
    return ack.build();
  }
}
