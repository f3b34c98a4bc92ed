package jp.jukinet.national.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreException;
import jp.jukinet.node.store.StoreIterator;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.MediaRecord;

/**
 * Durable batch progress (column family {@value #PROGRESS_CF}: requester, batch id → what the batch
 * was opened for and the next index logged) and the 磁気媒体 records ({@value #MEDIA_CF}: sequence →
 * {@link MediaRecord}, made when a media batch is first opened, destroyed when its requester says
 * so). Progress is cached: a batch's {@link BatchProgress} is read from the store once and then
 * changed only by stagers, so two connections racing over one batch are serialized by the writer.
 */
final class BatchStore {
  static final String PROGRESS_CF = "batch_progress";
  static final String MEDIA_CF = "batch_media";
  static final List<String> COLUMN_FAMILIES = List.of(PROGRESS_CF, MEDIA_CF);

  private static final byte MEDIA_BY_SEQUENCE = 'S';
  private static final byte MEDIA_BY_BATCH = 'B';

  private final NodeDatabase db;
  private final Map<String, BatchProgress> cache = new ConcurrentHashMap<>();
  private final AtomicLong lastMediaSequence;

  BatchStore(NodeDatabase db) {
    this.db = db;
    this.lastMediaSequence = new AtomicLong(lastSequence());
  }

  /** The batch's progress, or empty when no such batch was ever opened. */
  Optional<BatchProgress> progress(String requester, String batchId) {
    String key = requester + '\0' + batchId;
    BatchProgress p = cache.get(key);
    if (p != null) {
      return Optional.of(p);
    }
    byte[] v = db.get(PROGRESS_CF, utf8(key));
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(
        cache.computeIfAbsent(key, k -> BatchProgress.fromStored(requester, parse(v))));
  }

  /** Stages a new batch (and its media record when {@code media} is not null); writer only. */
  BatchProgress stageNew(Txn txn, BatchProgress fresh, MediaRecord.Builder media) {
    txn.requireStaging("BatchStore.stageNew");
    BatchProgress p = fresh;
    if (media != null) {
      long seq = lastMediaSequence.incrementAndGet();
      txn.onAborted(e -> lastMediaSequence.compareAndSet(seq, seq - 1));
      txn.put(MEDIA_CF, sequenceKey(seq), media.setSequence(seq).build().toByteArray());
      txn.put(
          MEDIA_CF, batchKey(p.requester, p.batchId), ByteBuffer.allocate(8).putLong(seq).array());
    }
    String key = p.requester + '\0' + p.batchId;
    cache.put(key, p);
    txn.onAborted(e -> cache.remove(key));
    txn.put(PROGRESS_CF, utf8(key), p.toStored().toByteArray());
    return p;
  }

  /** Stages {@code p}'s progress moved to {@code logged}; writer only. */
  void stageLogged(Txn txn, BatchProgress p, long logged) {
    long before = p.logged();
    p.setLogged(logged);
    txn.onAborted(e -> p.setLogged(before));
    txn.put(PROGRESS_CF, utf8(p.requester + '\0' + p.batchId), p.toStored().toByteArray());
  }

  /** The media record of a batch, or empty when it is not a media batch of that requester. */
  Optional<MediaRecord> media(String requester, String batchId) {
    byte[] s = db.get(MEDIA_CF, batchKey(requester, batchId));
    if (s == null) {
      return Optional.empty();
    }
    long sequence = ByteBuffer.wrap(s).getLong();
    byte[] v = db.get(MEDIA_CF, sequenceKey(sequence));
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MediaRecord.parseFrom(v));
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(db.nodeName() + ": media record " + sequence + " is corrupt", e);
    }
  }

  void stageMedia(Txn txn, MediaRecord record) {
    txn.put(MEDIA_CF, sequenceKey(record.getSequence()), record.toByteArray());
  }

  /** Media records with a sequence above {@code after}, at most {@code limit}, in order. */
  List<MediaRecord> mediaPage(long after, int limit) {
    List<MediaRecord> out = new ArrayList<>();
    try (StoreIterator it = db.iterator(MEDIA_CF)) {
      for (it.seek(sequenceKey(after + 1));
          it.isValid() && out.size() < limit && it.key()[0] == MEDIA_BY_SEQUENCE;
          it.next()) {
        out.add(MediaRecord.parseFrom(it.value()));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(db.nodeName() + ": a media record is corrupt", e);
    }
    return out;
  }

  private long lastSequence() {
    long last = 0;
    try (StoreIterator it = db.iterator(MEDIA_CF)) {
      for (it.seek(new byte[] {MEDIA_BY_SEQUENCE});
          it.isValid() && it.key()[0] == MEDIA_BY_SEQUENCE;
          it.next()) {
        last = ByteBuffer.wrap(it.key(), 1, 8).getLong();
      }
    }
    return last;
  }

  private BatchProvisionRequest parse(byte[] v) {
    try {
      return BatchProvisionRequest.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(db.nodeName() + ": batch progress is corrupt", e);
    }
  }

  private static byte[] sequenceKey(long seq) {
    return ByteBuffer.allocate(9).put(MEDIA_BY_SEQUENCE).putLong(seq).array();
  }

  private static byte[] batchKey(String requester, String batchId) {
    byte[] k = utf8(requester + '\0' + batchId);
    return ByteBuffer.allocate(k.length + 1).put(MEDIA_BY_BATCH).put(k).array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
