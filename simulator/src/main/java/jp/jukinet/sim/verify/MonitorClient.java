package jp.jukinet.sim.verify;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.workload.Deadline;
import jp.jukinet.sim.workload.Fanout;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * The simulator's monitor ({@code monitor-01}) reading records from nodes: one connection per node,
 * kept between calls; {@code list_records_request} pages followed to the end, every page within the
 * one deadline of the read.
 */
public final class MonitorClient implements AutoCloseable {
  /** Records per page. */
  public static final int PAGE = 5_000;

  private final NodeConnections connections;
  private final Duration timeout;

  /**
   * @param timeout the deadline of {@link #listRecords} (a whole read, every page)
   */
  public MonitorClient(
      TransportResources resources,
      NodeTls monitorTls,
      TransportSettings settings,
      Duration timeout) {
    this(NodeConnections.as(resources, settings, monitorTls), timeout);
  }

  /**
   * On the monitor's {@code connections}, which the caller may share (e.g. with a {@code
   * StatusCollector}).
   */
  public MonitorClient(NodeConnections connections, Duration timeout) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Every record {@code node} holds for {@code municipality}, in 住民票コード order, within the timeout.
   */
  public List<IdentityInfo> listRecords(PeerId node, InetSocketAddress address, String municipality)
      throws VerifyException, InterruptedException {
    Deadline deadline = Deadline.in(timeout);
    try {
      return records(node, address, municipality, deadline)
          .get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new VerifyException(Fanout.describe(e), e.getCause());
    } catch (TimeoutException e) {
      throw new VerifyException(
          node + " at " + address + ": no answer within " + deadline.describe(), e);
    }
  }

  /**
   * Every record {@code node} holds for {@code municipality}, in 住民票コード order; each page is asked
   * for within what is left of {@code deadline}.
   */
  public CompletableFuture<List<IdentityInfo>> records(
      PeerId node, InetSocketAddress address, String municipality, Deadline deadline) {
    return pages(node, address, municipality, "", new ArrayList<>(), deadline);
  }

  private CompletableFuture<List<IdentityInfo>> pages(
      PeerId node,
      InetSocketAddress address,
      String municipality,
      String after,
      List<IdentityInfo> out,
      Deadline deadline) {
    Envelope.Builder request =
        Envelope.newBuilder()
            .setListRecordsRequest(
                ListRecordsRequest.newBuilder()
                    .setMunicipalityCode(municipality)
                    .setAfterJuminhyoCode(after)
                    .setLimit(PAGE));
    return connections
        .request(node, address, request, deadline.remaining())
        .thenCompose(
            resp -> {
              if (!resp.hasListRecordsResponse()) {
                throw new IllegalStateException(
                    node + " answered " + resp.getBodyCase() + " to list_records_request");
              }
              ListRecordsResponse page = resp.getListRecordsResponse();
              out.addAll(page.getRecordsList());
              if (!page.getMore() || page.getRecordsCount() == 0) {
                return CompletableFuture.completedFuture(out);
              }
              return pages(
                  node,
                  address,
                  municipality,
                  page.getRecords(page.getRecordsCount() - 1).getJuminhyoCode(),
                  out,
                  deadline);
            });
  }

  @Override
  public void close() {
    connections.close();
  }
}
