package jp.jukinet.national.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.protocol.proto.BatchKeys;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.Connection;

/**
 * One batch open on one connection: the {@code batch_keys} read and not yet answered, the credit
 * left, and the answers in index order. Keys are processed by one worker at a time (so their
 * provisions are committed in index order); a chunk is answered once its transaction committed, in
 * the order the keys were read. Once a chunk fails the stream is broken: every later {@code
 * batch_keys} on it is refused, and the requester resumes with a new {@code
 * batch_provision_request}.
 */
final class BatchStream {
  /** An answer waiting for its commit, or for the answers before it. */
  private static final class Slot {
    final Envelope request;
    Envelope.Builder answer;
    ErrorCode code;
    String message;
    boolean done;

    Slot(Envelope request) {
      this.request = request;
    }
  }

  final Connection connection;
  final String batchId;
  final String requester;
  final long keyCount;
  private final int pauseAt;

  // Guarded by this:
  private BatchProgress progress; // null while opening
  private long nextKeyIndex;
  private long credit;
  private final ArrayDeque<Envelope> queued = new ArrayDeque<>();
  private final ArrayDeque<Slot> answers = new ArrayDeque<>();
  private int unanswered;
  private boolean working;
  private String broken; // why, once broken
  private boolean finished; // the last chunk was answered

  BatchStream(
      Connection connection,
      String requester,
      String batchId,
      long keyCount,
      long resumeFrom,
      long initialCredit,
      int pauseAt) {
    this.connection = connection;
    this.requester = requester;
    this.batchId = batchId;
    this.keyCount = keyCount;
    this.nextKeyIndex = resumeFrom;
    this.credit = initialCredit;
    this.pauseAt = pauseAt;
  }

  /** What a read {@code batch_keys} should become: refused at once (a reason), or queued (null). */
  synchronized String admit(Envelope request, int maxKeysPerFrame) {
    BatchKeys keys = request.getBatchKeys();
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
    credit--;
    nextKeyIndex += n;
    queued.add(request);
    if (++unanswered >= pauseAt) {
      connection.pauseReading(true);
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

  /** The batch is open: keys may be processed. Returns whether a worker should start. */
  synchronized boolean opened(BatchProgress p) {
    this.progress = p;
    return claimWork();
  }

  synchronized BatchProgress progress() {
    return progress;
  }

  /** Takes the next queued keys for the worker, or null (the worker then stops). */
  synchronized Envelope nextWork() {
    if (broken != null || queued.isEmpty()) {
      working = false;
      return null;
    }
    return queued.poll();
  }

  /** After queueing: whether a worker should start. */
  synchronized boolean claimWork() {
    if (working || progress == null || queued.isEmpty() || broken != null) {
      return false;
    }
    working = true;
    return true;
  }

  /** Reserves the answer to {@code request}, in read order; filled by {@link #complete}. */
  synchronized Object reserve(Envelope request) {
    Slot s = new Slot(request);
    answers.add(s);
    return s;
  }

  /** The chunk for a reserved slot is committed: answers are sent in order. */
  void complete(Object slot, Envelope.Builder chunk, boolean last) {
    synchronized (this) {
      Slot s = (Slot) slot;
      s.answer = chunk;
      s.done = true;
      if (last) {
        finished = true;
      }
      drain();
    }
  }

  /** The reserved slot failed: it is answered {@code code}, and the stream breaks. */
  void fail(Object slot, ErrorCode code, String message) {
    synchronized (this) {
      Slot s = (Slot) slot;
      s.code = code;
      s.message = message;
      s.done = true;
      breakWith(message);
      drain();
    }
  }

  /**
   * Breaks the stream: queued keys are answered with {@code why} (after the answers before them).
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
    List<Envelope> dropped = new ArrayList<>(queued);
    queued.clear();
    for (Envelope e : dropped) {
      Slot s = new Slot(e);
      s.code = ErrorCode.ERROR_CODE_INVALID_REQUEST;
      s.message = broken;
      s.done = true;
      answers.add(s);
    }
    drain();
  }

  synchronized boolean isOver() {
    return broken != null || finished;
  }

  /** Sends the done answers at the head, in order (under this lock, so sends keep that order). */
  private void drain() {
    while (!answers.isEmpty() && answers.peek().done) {
      Slot s = answers.poll();
      if (s.answer != null) {
        connection.reply(s.request, s.answer);
      } else {
        connection.replyError(s.request, s.code, s.message);
      }
      if (unanswered-- == pauseAt) {
        connection.pauseReading(false);
      }
    }
  }
}
