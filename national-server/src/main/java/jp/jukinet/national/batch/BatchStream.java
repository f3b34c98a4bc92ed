package jp.jukinet.national.batch;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import jp.jukinet.protocol.proto.BatchKeys;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;

/**
 * One batch open on one connection: the {@code batch_keys} read and not yet answered, in read order
 * ({@link Slot}s), and the credit left. Each slot's keys are looked up as soon as it is read,
 * several slots at once; its provisions are committed strictly in index order (a slot's commit is
 * submitted once it and every slot before it are looked up and the batch is open); its chunk is
 * sent once committed, in read order. Once a slot fails the stream is broken: it and every later
 * slot are answered with an Error, and the requester resumes with a new {@code
 * batch_provision_request}.
 */
final class BatchStream {
  /** One read {@code batch_keys} and its answer. */
  static final class Slot {
    final Envelope request;
    final long first;
    final int count;
    // Guarded by the stream:
    List<BatchResult> results;
    BatchProvisionChunk.Builder chunk;
    boolean lookedUp;
    boolean submitted;
    boolean done;
    ErrorCode code;
    String message;

    Slot(Envelope request) {
      this.request = request;
      this.first = request.getBatchKeys().getFirstIndex();
      this.count = request.getBatchKeys().getKeysCount();
    }
  }

  final Connection connection;
  final String batchId;
  final String requester;
  final long keyCount;
  final ProvisionMethod method;
  private final int pauseAt;

  // Guarded by this:
  private BatchProgress progress; // null while opening
  private BiConsumer<BatchStream, Slot> committer;
  private long nextKeyIndex;
  private long credit;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private String broken; // why, once broken
  private boolean finished; // the last chunk was answered

  BatchStream(
      Connection connection,
      String requester,
      String batchId,
      long keyCount,
      ProvisionMethod method,
      long resumeFrom,
      long initialCredit,
      int pauseAt) {
    this.connection = connection;
    this.requester = requester;
    this.batchId = batchId;
    this.keyCount = keyCount;
    this.method = method;
    this.nextKeyIndex = resumeFrom;
    this.credit = initialCredit;
    this.pauseAt = pauseAt;
  }

  /**
   * Admits a read {@code batch_keys}: its slot, to be looked up, or null with {@code refusal[0]}
   * saying why it is refused at once.
   */
  synchronized Slot admit(Envelope request, int maxKeysPerFrame, String[] refusal) {
    refusal[0] = refusal(request.getBatchKeys(), maxKeysPerFrame);
    if (refusal[0] != null) {
      return null;
    }
    Slot s = new Slot(request);
    credit--;
    nextKeyIndex += s.count;
    slots.add(s);
    if (slots.size() >= pauseAt) {
      connection.pauseReading(true);
    }
    return s;
  }

  private String refusal(BatchKeys keys, int maxKeysPerFrame) {
    if (broken != null) {
      return broken;
    }
    if (finished) {
      return "batch " + batchId + " is complete on this connection";
    }
    int n = keys.getKeysCount();
    if (n < 1 || n > maxKeysPerFrame) {
      return "batch_keys.keys holds " + n + " keys, out of range 1.." + maxKeysPerFrame;
    }
    if (keys.getFirstIndex() != nextKeyIndex) {
      return "batch_keys.first_index "
          + Long.toUnsignedString(keys.getFirstIndex())
          + " is not the next index "
          + nextKeyIndex
          + " of batch "
          + batchId
          + " (keys are sent in index order, without gaps)";
    }
    if (nextKeyIndex + n > keyCount) {
      return "batch_keys from index "
          + nextKeyIndex
          + " with "
          + n
          + " keys goes beyond the batch's key_count "
          + keyCount;
    }
    if (credit <= 0) {
      return "batch_keys at index "
          + nextKeyIndex
          + " of batch "
          + batchId
          + " was sent without credit for its chunk (grant batch_credit first)";
    }
    return null;
  }

  /** Adds credit; false when it would go above {@code max} (the credit is then not granted). */
  synchronized boolean grant(long more, long max) {
    if (credit + more > max) {
      return false;
    }
    credit += more;
    return true;
  }

  /** The batch is open: slots looked up are committed, in order, by {@code committer}. */
  synchronized void opened(BatchProgress p, BiConsumer<BatchStream, Slot> committer) {
    this.progress = p;
    this.committer = committer;
    submitReady();
  }

  synchronized BatchProgress progress() {
    return progress;
  }

  /** A slot's keys were looked up into {@code chunk} (results in {@code results}). */
  synchronized void lookedUp(Slot s, BatchProvisionChunk.Builder chunk, List<BatchResult> results) {
    if (s.done) {
      return; // the stream broke meanwhile
    }
    s.chunk = chunk;
    s.results = results;
    s.lookedUp = true;
    submitReady();
  }

  /**
   * A slot failed before its commit (lookup, size): it is answered {@code code}; the stream breaks.
   */
  synchronized void lookupFailed(Slot s, ErrorCode code, String message) {
    if (s.done) {
      return;
    }
    s.lookedUp = true;
    s.code = code;
    s.message = message;
    submitReady();
  }

  /** The slot's chunk is committed: it is sent after the slots before it. */
  synchronized void committed(Slot s) {
    if (s.done) {
      return;
    }
    s.done = true;
    if (s.chunk.getLast()) {
      finished = true;
    }
    drain();
  }

  /** The slot's commit failed: it is answered {@code code}, and the stream breaks. */
  synchronized void commitFailed(Slot s, ErrorCode code, String message) {
    if (s.done) {
      return;
    }
    s.code = code;
    s.message = message;
    s.done = true;
    breakWith(message);
  }

  /** Submits, in order, the commits of the slots looked up with every slot before them. */
  private void submitReady() {
    if (progress == null) {
      return;
    }
    for (Slot s : slots) {
      if (s.submitted || s.done) {
        continue;
      }
      if (!s.lookedUp) {
        return;
      }
      if (s.code != null) {
        s.done = true;
        breakWith(s.message);
        return;
      }
      s.submitted = true;
      committer.accept(this, s);
    }
  }

  /**
   * Breaks the stream: every slot not yet submitted is answered with why (after the slots before
   * it), and so is every later {@code batch_keys}.
   */
  synchronized void breakWith(String why) {
    if (broken == null) {
      broken =
          "batch "
              + batchId
              + " is broken on this connection ("
              + why
              + "); resume it with a new batch_provision_request";
    }
    for (Slot s : slots) {
      if (!s.submitted && !s.done) {
        s.code = ErrorCode.ERROR_CODE_INVALID_REQUEST;
        s.message = broken;
        s.done = true;
      }
    }
    drain();
  }

  synchronized boolean isOver() {
    return broken != null || finished;
  }

  /** Sends the done answers at the head, in order (under this lock, so sends keep that order). */
  private void drain() {
    for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
      Slot s = it.next();
      if (!s.done) {
        return;
      }
      it.remove();
      if (s.code == null) {
        connection.reply(s.request, Envelope.newBuilder().setBatchProvisionChunk(s.chunk));
      } else {
        connection.replyError(s.request, s.code, s.message);
      }
      if (slots.size() == pauseAt - 1) {
        connection.pauseReading(false);
      }
    }
  }
}
