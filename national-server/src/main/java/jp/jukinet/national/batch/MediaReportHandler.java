package jp.jukinet.national.batch;

import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;

/**
 * Answers {@code report_request} of kind REPORT_KIND_MEDIA from the batch service's media records;
 * other kinds are not served here.
 */
public final class MediaReportHandler implements EnvelopeHandler {
  private final BatchProvisionService batches;
  private final Dispatcher dispatcher;

  public MediaReportHandler(BatchProvisionService batches, Dispatcher dispatcher) {
    this.batches = batches;
    this.dispatcher = dispatcher;
  }

  @Override
  public void onEnvelope(Connection connection, Envelope envelope) {
    dispatcher.offload(connection, envelope, this::answer);
  }

  /** Answers a media report request (the caller has checked its kind). */
  public void answer(Connection connection, Envelope envelope) {
    if (envelope.getReportRequest().getKind() != ReportKind.REPORT_KIND_MEDIA) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "report_request.kind " + envelope.getReportRequest().getKind() + " is not served here");
      return;
    }
    try {
      connection.reply(
          envelope,
          Envelope.newBuilder()
              .setReportResponse(batches.mediaReport(envelope.getReportRequest())));
    } catch (BatchRefused e) {
      connection.replyError(envelope, e.code(), e.getMessage());
    }
  }
}
