package jp.jukinet.sim.report;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.proto.ReportResponse;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * The monitor asking a node for the data of a report ({@code report_request}): counters for a
 * period in one answer, the security log page by page.
 */
public final class ReportClient {
  /** Security log entries per page. */
  static final int PAGE = 1_000;

  private final NodeConnections connections;
  private final Duration timeout;

  /**
   * @param connections dialled with the monitor's certificate
   * @param timeout for the whole report, every page
   */
  public ReportClient(NodeConnections connections, Duration timeout) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The counters of {@code kind} (PROVISIONS, PREFECTURE_USE, DISCLOSURES) in {@code period}. */
  public List<CounterRow> counters(
      PeerId node, InetSocketAddress address, ReportKind kind, ReportPeriod period)
      throws ReportException, InterruptedException {
    return ask(node, address, request(kind, period, 0), Deadline.in(timeout)).getCountersList();
  }

  /** Every refusal of the node's security log in {@code period}. */
  public List<SecurityEvent> refusals(PeerId node, InetSocketAddress address, ReportPeriod period)
      throws ReportException, InterruptedException {
    Deadline deadline = Deadline.in(timeout);
    List<SecurityEvent> out = new ArrayList<>();
    long after = 0;
    while (true) {
      ReportResponse page =
          ask(node, address, request(ReportKind.REPORT_KIND_REFUSALS, period, after), deadline);
      out.addAll(page.getRefusalsList());
      if (!page.getMore() || page.getRefusalsCount() == 0) {
        return out;
      }
      after = page.getRefusals(page.getRefusalsCount() - 1).getSequence();
    }
  }

  private static ReportRequest.Builder request(ReportKind kind, ReportPeriod period, long after) {
    return ReportRequest.newBuilder()
        .setKind(kind)
        .setFromMonth(period.from().toString())
        .setToMonth(period.to().toString())
        .setAfterSequence(after)
        .setLimit(PAGE);
  }

  private ReportResponse ask(
      PeerId node, InetSocketAddress address, ReportRequest.Builder request, Deadline deadline)
      throws ReportException, InterruptedException {
    try {
      Envelope response =
          connections
              .request(
                  node,
                  address,
                  Envelope.newBuilder().setReportRequest(request),
                  deadline.remaining())
              .get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
      if (!response.hasReportResponse()) {
        throw new ReportException(
            node + " answered " + response.getBodyCase() + " to report_request");
      }
      return response.getReportResponse();
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      throw new ReportException(
          node
              + " at "
              + address
              + ": "
              + (cause.getMessage() == null ? cause : cause.getMessage()),
          cause);
    } catch (TimeoutException e) {
      throw new ReportException(
          node + " at " + address + ": no answer within " + deadline.describe(), e);
    }
  }
}
