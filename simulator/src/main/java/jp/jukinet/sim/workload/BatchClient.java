package jp.jukinet.sim.workload;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.proto.BatchCredit;
import jp.jukinet.protocol.proto.BatchKeys;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;

/**
 * The agency's side of one 一括提供 run on one connection (docs/protocol.md §7.5): opens (or resumes)
 * the batch, sends its keys in {@code batch_keys} frames only while it holds credit for their
 * chunks, hands each chunk to a {@link ChunkSink} in index order, and grants one credit back per
 * chunk the sink took. At most {@code window} frames of keys and of results are held at once,
 * whatever the batch's size.
 */
public final class BatchClient {
  /** Where chunks go, in index order; returns once the chunk is written. */
  @FunctionalInterface
  public interface ChunkSink {
    /**
     * @param keys the keys the chunk answers (a media chunk's results are enveloped)
     */
    void accept(BatchProvisionChunk chunk, int keys) throws IOException;
  }

  /**
   * One run's parameters.
   *
   * @param resumeFrom the first index the caller does not hold
   * @param keysPerFrame keys per {@code batch_keys} (fewer when a frame would exceed {@code
   *     maxKeyBytes})
   * @param window the credit granted at the open, and so the frames in flight
   */
  public record Options(
      String batchId,
      String jimuCode,
      ProvisionMethod method,
      long keyCount,
      long resumeFrom,
      int keysPerFrame,
      int window,
      Duration timeout) {
    public static final int MAX_KEY_BYTES = 1 << 20;

    public Options {
      Objects.requireNonNull(batchId, "batchId");
      Objects.requireNonNull(jimuCode, "jimuCode");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(timeout, "timeout");
      if (keysPerFrame < 1 || window < 1 || keyCount < 1 || resumeFrom < 0) {
        throw new IllegalArgumentException("batch options out of range");
      }
    }
  }

  /** What a run did. {@code chunks} never exceeds {@code creditGranted}. */
  public record Summary(long records, long chunks, long creditGranted, long maxChunksAhead) {}

  private final Connection connection;
  private final Options options;
  private long creditGranted;
  private long chunks;
  private long maxAhead;

  public BatchClient(Connection connection, Options options) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Runs the batch from {@code options.resumeFrom()} to its end.
   *
   * @param keys the batch's keys from index {@code resumeFrom}, in order
   * @throws BatchException when the server refuses or the connection fails; its {@link
   *     BatchException#resumeFrom()} is the first index not handed to the sink
   */
  public Summary run(Iterator<ProvisionKey> keys, ChunkSink sink) throws BatchException {
    long next = options.resumeFrom();
    long sent = next;
    ArrayDeque<Frame> inFlight = new ArrayDeque<>();
    try {
      BatchProvisionChunk opened =
          await(
                  connection.request(
                      Envelope.newBuilder()
                          .setBatchProvisionRequest(
                              BatchProvisionRequest.newBuilder()
                                  .setBatchId(options.batchId())
                                  .setJimuCode(options.jimuCode())
                                  .setMethod(options.method())
                                  .setKeyCount(options.keyCount())
                                  .setResumeFromIndex(next)
                                  .setInitialCredit(options.window())),
                      options.timeout()),
                  next)
              .getBatchProvisionChunk();
      creditGranted = options.window();
      long credit = options.window();
      if (opened.getLast()) {
        return summary(next);
      }
      while (next < options.keyCount()) {
        while (credit > 0 && sent < options.keyCount()) {
          BatchKeys.Builder frame =
              BatchKeys.newBuilder().setBatchId(options.batchId()).setFirstIndex(sent);
          int bytes = 0;
          while (frame.getKeysCount() < options.keysPerFrame()
              && sent + frame.getKeysCount() < options.keyCount()
              && bytes < Options.MAX_KEY_BYTES) {
            if (!keys.hasNext()) {
              throw new BatchException(
                  "the keys ran out at index "
                      + (sent + frame.getKeysCount())
                      + " of "
                      + options.keyCount(),
                  next,
                  null);
            }
            ProvisionKey k = keys.next();
            bytes += k.getSerializedSize() + 4;
            frame.addKeys(k);
          }
          int n = frame.getKeysCount();
          credit--;
          inFlight.add(
              new Frame(
                  sent,
                  n,
                  connection.request(
                      Envelope.newBuilder().setBatchKeys(frame), options.timeout())));
          sent += n;
          maxAhead = Math.max(maxAhead, inFlight.size());
        }
        Frame head = inFlight.poll();
        BatchProvisionChunk chunk = await(head.answer, next).getBatchProvisionChunk();
        chunks++;
        if (chunk.getFirstIndex() != next || !chunk.getBatchId().equals(options.batchId())) {
          throw new BatchException(
              "the server answered batch "
                  + chunk.getBatchId()
                  + " from index "
                  + chunk.getFirstIndex()
                  + ", expected "
                  + options.batchId()
                  + " from "
                  + next,
              next,
              null);
        }
        sink.accept(chunk, head.count);
        next = head.first + head.count;
        if (next < options.keyCount()) {
          connection.send(
              Envelope.newBuilder()
                  .setBatchCredit(
                      BatchCredit.newBuilder().setBatchId(options.batchId()).setCredit(1)));
          creditGranted++;
          credit++;
        }
      }
      return summary(next);
    } catch (IOException e) {
      throw new BatchException("writing the results failed: " + e.getMessage(), next, e);
    }
  }

  /** Keys sent in one {@code batch_keys}, and its answer. */
  private record Frame(long first, int count, CompletableFuture<Envelope> answer) {}

  private Summary summary(long next) {
    return new Summary(next - options.resumeFrom(), chunks, creditGranted, maxAhead);
  }

  private Envelope await(CompletableFuture<Envelope> f, long next) throws BatchException {
    try {
      return f.get(options.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new BatchException(e.getCause().getMessage(), next, e.getCause());
    } catch (TimeoutException e) {
      throw new BatchException("no answer within " + options.timeout(), next, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchException("interrupted", next, e);
    }
  }
}
