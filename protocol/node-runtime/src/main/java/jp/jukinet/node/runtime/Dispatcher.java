package jp.jukinet.node.runtime;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a request off the event loop: runs its handling on the runtime's blocking executor, answers
 * UNAVAILABLE when that executor refuses (the node is stopping) and lets {@link Failure} answer
 * when the handling throws. Also words the answer to a body the node does not serve.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** Answers a request whose handling threw. */
  @FunctionalInterface
  public interface Failure {
    void reply(Connection connection, Envelope request, RuntimeException failure);
  }

  private final NodeKind kind;
  private final PeerId self;
  private final Executor executor;
  private final Failure failure;

  public Dispatcher(NodeKind kind, PeerId self, Executor executor, Failure failure) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.self = Objects.requireNonNull(self, "self");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** As above; a failure is logged and answered INTERNAL. */
  public Dispatcher(NodeKind kind, PeerId self, Executor executor) {
    this(
        kind,
        self,
        executor,
        (connection, request, e) -> replyInternal(self.name(), connection, request, e));
  }

  /** A failure that is this node's, not the peer's: logged with its trace, answered INTERNAL. */
  public static void replyInternal(
      String nodeName, Connection connection, Envelope request, Throwable e) {
    LOG.error(
        "{}: {} from {} failed: {}",
        nodeName,
        request.getBodyCase(),
        connection.peer(),
        e.toString(),
        e);
    connection.replyError(
        request, ErrorCode.ERROR_CODE_INTERNAL, request.getBodyCase() + " failed: " + e);
  }

  /**
   * Answers {@code request} once {@code durable} (e.g. a commit) completes: with the frame {@code
   * answer} makes of its value, or, when it failed, as {@link #replyInternal} does.
   */
  public static <T> void replyWhenDone(
      String nodeName,
      Connection connection,
      Envelope request,
      CompletableFuture<T> durable,
      Function<T, Envelope.Builder> answer) {
    durable.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            replyInternal(nodeName, connection, request, failure);
          } else {
            connection.reply(request, answer.apply(value));
          }
        });
  }

  /** Runs {@code work} for {@code request} on the blocking executor. */
  public void offload(Connection connection, Envelope request, EnvelopeHandler work) {
    try {
      executor.execute(
          () -> {
            try {
              work.onEnvelope(connection, request);
            } catch (RuntimeException e) {
              failure.reply(connection, request, e);
            } catch (OutOfMemoryError e) {
              throw e; // the node exits (ExitOnOutOfMemoryError) rather than linger half-alive
            } catch (Error e) {
              // A bug in one request's handling must not cost the executor a thread nor the peer
              // its answer.
              failure.reply(connection, request, new IllegalStateException(e.toString(), e));
            }
          });
    } catch (RejectedExecutionException e) {
      connection.replyError(
          request, ErrorCode.ERROR_CODE_UNAVAILABLE, self.name() + " is stopping");
    }
  }

  /**
   * Answers an envelope whose body this node does not serve: no body is an invalid request, any
   * other body an unknown one.
   */
  public void unhandled(Connection connection, Envelope envelope) {
    if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
      connection.replyError(
          envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, "the envelope has no body");
    } else {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_UNKNOWN_BODY,
          kind.program() + " " + self + " does not handle " + envelope.getBodyCase());
    }
  }
}
