package jp.jukinet.node.provision;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreIterator;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log (セキュリティログ) of one server: every refusal of a provision request, durable with the
 * refusal's answer, numbered from 1 without gaps. Sequences are assigned on the database's writer
 * ({@link Txn#requireStaging}); a transaction that aborts gives its numbers back.
 */
public final class SecurityLog implements SecurityRecorder, ReportService.SecurityPages {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityLog.class);

  /** sequence → SecurityEvent. */
  public static final String CF = "security_log";

  public static final List<String> COLUMN_FAMILIES = List.of(CF);

  private final NodeDatabase db;
  private final Txn.Key<Long> before = Txn.key("security log", this::begin);
  private long head; // writer only

  public SecurityLog(NodeDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
    try (StoreIterator it = db.iterator(CF)) {
      it.seekForPrev(LogKeys.sequence(Long.MAX_VALUE));
      head = it.isValid() ? LogKeys.sequenceAt(it.key(), 0) : 0;
    }
  }

  @Override
  public long stage(Txn txn, SecurityEvent event) {
    txn.requireStaging("SecurityLog.stage");
    txn.attachment(before);
    long seq = head + 1;
    txn.put(CF, LogKeys.sequence(seq), event.toBuilder().setSequence(seq).build().toByteArray());
    head = seq;
    return seq;
  }

  private Long begin(Txn txn) {
    long was = head;
    txn.onAborted(cause -> head = was);
    return was;
  }

  /** Refusals after {@code afterSequence}, at most {@code limit}, in sequence order. */
  public List<SecurityEvent> page(long afterSequence, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " must be positive");
    }
    List<SecurityEvent> out = new ArrayList<>();
    try (StoreIterator it = db.iterator(CF)) {
      for (it.seek(LogKeys.sequence(afterSequence + 1));
          it.isValid() && out.size() < limit;
          it.next()) {
        try {
          out.add(SecurityEvent.parseFrom(it.value()));
        } catch (InvalidProtocolBufferException e) {
          long seq = LogKeys.sequenceAt(it.key(), 0);
          LOG.warn(
              "{}: security log entry {} is unreadable: {}", db.nodeName(), seq, e.getMessage());
          out.add(SecurityEvent.newBuilder().setSequence(seq).build());
        }
      }
    }
    return out;
  }

  /** Whether a refusal follows {@code afterSequence}. */
  public boolean hasAfter(long afterSequence) {
    try (StoreIterator it = db.iterator(CF)) {
      it.seek(LogKeys.sequence(afterSequence + 1));
      return it.isValid();
    }
  }
}
