package jp.jukinet.node.provision;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.proto.ReportResponse;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.wire.PeerText;

/**
 * Answers {@code report_request} (monitor only) off the event loop: checks the months and the page
 * limit, then asks the {@link Source} the node registered for the kind. A kind no source serves is
 * INVALID_REQUEST naming it. The servers register their own kinds ({@link #register}); {@link
 * #counters} and {@link #refusals} make the sources every server with a provision log has.
 */
public final class ReportService implements EnvelopeHandler {
  /** Most rows of a paged report (REFUSALS, MEDIA). */
  public static final int MAX_LIMIT = 10_000;

  /** One report kind's rows for a checked request. */
  @FunctionalInterface
  public interface Source {
    /**
     * @param from first month (inclusive), or null: from the start
     * @param to last month (inclusive), or null: to now
     * @param request the request, for its {@code after_sequence} and {@code limit} (1 … {@link
     *     #MAX_LIMIT})
     */
    ReportResponse report(YearMonth from, YearMonth to, ReportRequest request);
  }

  /** Counter rows of a span of months. */
  @FunctionalInterface
  public interface Counters {
    List<CounterRow> counters(YearMonth from, YearMonth to);
  }

  /** A page of the security log. */
  public interface SecurityPages {
    List<SecurityEvent> page(long afterSequence, int limit);

    boolean hasAfter(long afterSequence);
  }

  private final Dispatcher dispatcher;
  private final Map<ReportKind, Source> sources = new EnumMap<>(ReportKind.class);

  public ReportService(Dispatcher dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
  }

  /** Serves {@code kind} with {@code source}; before the node serves, once per kind. */
  public synchronized ReportService register(ReportKind kind, Source source) {
    Objects.requireNonNull(source, "source");
    if (kind == ReportKind.REPORT_KIND_UNSPECIFIED || kind == ReportKind.UNRECOGNIZED) {
      throw new IllegalArgumentException("no report kind: " + kind);
    }
    if (sources.putIfAbsent(kind, source) != null) {
      throw new IllegalArgumentException(kind + " already has a source");
    }
    return this;
  }

  /** A source answering counter rows (PROVISIONS, DISCLOSURES, PREFECTURE_USE). */
  public static Source counters(Counters counters) {
    return (from, to, request) ->
        ReportResponse.newBuilder().addAllCounters(counters.counters(from, to)).build();
  }

  /** A source answering pages of the security log (REFUSALS), by sequence. */
  public static Source refusals(SecurityPages log) {
    return (from, to, request) -> {
      List<SecurityEvent> page = log.page(request.getAfterSequence(), request.getLimit());
      long last =
          page.isEmpty() ? request.getAfterSequence() : page.get(page.size() - 1).getSequence();
      return ReportResponse.newBuilder()
          .addAllRefusals(page)
          .setMore(!page.isEmpty() && log.hasAfter(last))
          .build();
    };
  }

  @Override
  public void onEnvelope(Connection connection, Envelope envelope) {
    dispatcher.offload(connection, envelope, this::handle);
  }

  private void handle(Connection connection, Envelope envelope) {
    ReportRequest request = envelope.getReportRequest();
    Source source;
    synchronized (this) {
      source = sources.get(request.getKind());
    }
    if (source == null) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "report_request.kind "
              + request.getKindValue()
              + " ("
              + request.getKind()
              + ") is not a report "
              + connection.self().name()
              + " makes; it makes "
              + kinds());
      return;
    }
    YearMonth from;
    YearMonth to;
    try {
      from = month("from_month", request.getFromMonth());
      to = month("to_month", request.getToMonth());
    } catch (IllegalArgumentException e) {
      connection.replyError(envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, e.getMessage());
      return;
    }
    if (from != null && to != null && from.isAfter(to)) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "report_request.from_month " + from + " is after to_month " + to);
      return;
    }
    long limit = Integer.toUnsignedLong(request.getLimit());
    boolean paged =
        request.getKind() == ReportKind.REPORT_KIND_REFUSALS
            || request.getKind() == ReportKind.REPORT_KIND_MEDIA;
    if (paged && (limit < 1 || limit > MAX_LIMIT)) {
      connection.replyError(
          envelope,
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "report_request.limit " + limit + " is out of range 1.." + MAX_LIMIT);
      return;
    }
    connection.reply(
        envelope, Envelope.newBuilder().setReportResponse(source.report(from, to, request)));
  }

  private synchronized String kinds() {
    return sources.keySet().toString();
  }

  private static YearMonth month(String field, String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "report_request." + field + " " + PeerText.quote(text) + " is not a month (YYYY-MM)");
    }
  }
}
