package jp.jukinet.cs;

import java.util.concurrent.TimeoutException;
import jp.jukinet.cs.resident.OperationRefusedException;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.util.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a request with the Error frame that fits what went wrong. */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  /** Refusals become their definite code; a timeout TIMEOUT; anything else INTERNAL (logged). */
  public static void error(
      String nodeName, Connection connection, Envelope request, Throwable failure) {
    Throwable e = Futures.unwrap(failure);
    if (e instanceof OperationRefusedException r) {
      LOG.info(
          "{}: refused {} from {}: {}",
          nodeName,
          request.getBodyCase(),
          connection.peer(),
          r.getMessage());
      connection.replyError(request, r.code(), r.getMessage());
    } else if (e instanceof TimeoutException) {
      connection.replyError(
          request,
          ErrorCode.ERROR_CODE_TIMEOUT,
          e.getMessage() == null ? "no answer in time" : e.getMessage());
    } else {
      Dispatcher.replyInternal(nodeName, connection, request, e);
    }
  }
}
