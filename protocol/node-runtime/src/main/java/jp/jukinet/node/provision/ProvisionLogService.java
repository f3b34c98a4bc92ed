package jp.jukinet.node.provision;

import java.util.Objects;
import java.util.Set;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ProvisionLogRequest;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.wire.WireLimits;

/**
 * Answers {@code provision_log_request} (monitors only, docs/protocol.md §7.7) with one {@code
 * provision_log_page} of the server's {@link ProvisionLog}, for {@code jukinet verify-log}. Entries
 * not sealed yet are sealed first, so a verifier that reads to the end finds the whole log sealed.
 * The read runs off the event loop.
 */
public final class ProvisionLogService implements EnvelopeHandler {
  /** The bodies it serves. */
  public static final Set<Envelope.BodyCase> BODIES =
      Set.of(Envelope.BodyCase.PROVISION_LOG_REQUEST);

  /** Largest page asked for; the smallest is 1. */
  public static final int MAX_LIMIT = 10_000;

  private final ProvisionLog log;
  private final Dispatcher dispatcher;
  private final int maxPageBytes;

  /**
   * @param limits the frame limit pages must fit (a quarter is left for what the estimate of a
   *     page's size leaves out)
   */
  public ProvisionLogService(ProvisionLog log, Dispatcher dispatcher, WireLimits limits) {
    this.log = Objects.requireNonNull(log, "log");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.maxPageBytes = (int) (limits.maxBodyBytes() * 3 / 4);
  }

  @Override
  public void onEnvelope(Connection connection, Envelope request) {
    ProvisionLogRequest r = request.getProvisionLogRequest();
    long limit = Integer.toUnsignedLong(r.getLimit());
    if (limit < 1 || limit > MAX_LIMIT) {
      connection.replyError(
          request,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "provision_log_request.limit " + limit + " is out of range 1.." + MAX_LIMIT);
      return;
    }
    // The seal commits on the writer; the page is read once it is durable.
    log.seal()
        .whenComplete(
            (ok, failure) ->
                dispatcher.offload(
                    connection,
                    request,
                    (c, req) ->
                        c.reply(
                            req,
                            Envelope.newBuilder()
                                .setProvisionLogPage(
                                    log.page(r.getAfterSequence(), (int) limit, maxPageBytes)))));
  }
}
